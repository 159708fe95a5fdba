namespace Crm.Seed;

/// <summary>
/// What exhibitors and buyers raise with the service staff (问题清单), per category: a title, a description and how it
/// was resolved. Placeholders: {company} (Chinese name), {hall}, {booth}, {delegation}, {n} (a few people or items),
/// {t} (tonnes).
/// </summary>
internal static class IssueTexts
{
    /// <summary>When the issue comes up: before the show (preparation), or during build-up, the show and just after.</summary>
    public enum Phase { Before, During, Any }

    /// <summary>Who raises it: an exhibitor, a buyer, or either.</summary>
    public enum Side { Exhibitor, Buyer, Both }

    public sealed record Template(string Category, Side Side, Phase Phase, string Title, string Description, string Resolution)
    {
        public bool Fits(string raisedAs) => Side == Side.Both || Side.ToString() == raisedAs;
    }

    public static IReadOnlyList<Template> All { get; } =
    [
        new("Registration", Side.Both, Phase.Before, "企业报名信息审核未通过",
            "{company}在报名系统提交的营业执照副本被退回，提示企业名称与执照不一致，需重新上传。",
            "核对后发现英文名称与执照登记不一致，指导企业修改后重新提交，已审核通过。"),
        new("Registration", Side.Exhibitor, Phase.Before, "会刊资料提交逾期",
            "{company}未在截止日期前提交会刊资料和展品清单，系统已锁定填报入口。",
            "与展商服务处沟通后临时开放填报入口，企业已补交资料。"),
        new("Registration", Side.Exhibitor, Phase.Any, "展位费发票抬头有误",
            "{company}缴纳展位费后收到的发票抬头有误，财务要求重开。",
            "财务部门已作废原发票并重新开具，快递寄出并电话确认。"),
        new("Registration", Side.Buyer, Phase.Before, "采购商注册账号无法登录",
            "{delegation}的{company}注册专业观众账号时提示“账号已存在”，无法完成注册。",
            "原账号由企业前员工注册，核实身份后已将账号转给现经办人。"),
        new("Registration", Side.Buyer, Phase.Before, "交易分团归属需调整",
            "{company}需从原交易分团调整到{delegation}，企业在系统内无法自行修改。",
            "已报交易团秘书处在后台调整归属，企业确认无误。"),

        new("Badges", Side.Both, Phase.Before, "证件照片审核未通过",
            "{company}有 {n} 名人员的证件照片因背景和尺寸不符合要求被退回。",
            "已通知企业按要求重新上传照片，全部审核通过。"),
        new("Badges", Side.Both, Phase.Before, "证件制作进度查询",
            "{company}反映所申请证件的状态长期显示“制证中”，担心开幕前无法领取。",
            "与证件中心核实为批量制作排队，已加急办理，企业可在指定领证点领取。"),
        new("Badges", Side.Exhibitor, Phase.Before, "布展证数量不足",
            "{company}展位 {booth} 布展期间施工人员较多，布展证申请额度不够。",
            "经主场服务商确认后追加布展证额度 {n} 张。"),
        new("Badges", Side.Buyer, Phase.During, "采购商证件遗失补办",
            "{delegation}{company}一名采购人员入场前遗失证件，需当日补办。",
            "现场证件办理点核验身份后当日补办，原证件已挂失作废。"),
        new("Badges", Side.Both, Phase.Any, "境外人员证件信息有误",
            "{company}外籍人员证件上的护照号码录入有误，入馆核验失败。",
            "更正护照信息后重新制证，相关人员已正常入馆。"),

        new("Logistics", Side.Exhibitor, Phase.Before, "展品进馆时段冲突",
            "{company}的展品运输车辆预约进馆时段与布展计划冲突，需在 {hall} 号馆改约时段。",
            "与主场运输商协调改至次日上午进馆，展品按时到位。"),
        new("Logistics", Side.Exhibitor, Phase.During, "展品运输途中受损",
            "{company}一件展品从仓库运往展馆途中外包装破损，需确认责任并办理保险理赔。",
            "主场运输商出具交接记录，保险公司已受理理赔，展品修复后正常展出。"),
        new("Logistics", Side.Exhibitor, Phase.Before, "大件展品卸货需预约机力",
            "{company}展位 {booth} 有一台约 {t} 吨的设备需叉车卸货，未提前预约机力。",
            "已在指定时段安排叉车卸货就位。"),
        new("Logistics", Side.Exhibitor, Phase.During, "空箱存放占用通道",
            "{company}布展后空箱无处存放，堆放在 {hall} 号馆通道内。",
            "空箱统一转运至存放区，撤展时按编号返还。"),
        new("Logistics", Side.Buyer, Phase.During, "样品寄送与展后物流咨询",
            "{company}洽谈后希望展商寄送样品，询问展后物流与清关办法。",
            "提供展后转运服务商联系方式，双方已确认寄送方案。"),

        new("Customs", Side.Exhibitor, Phase.Before, "展品清关延误",
            "{company}一批展品在口岸等待查验，超过预计时间仍未放行，担心影响布展。",
            "协调海关加急查验，展品已放行并进馆。"),
        new("Customs", Side.Exhibitor, Phase.Before, "食品展品检疫证书缺失",
            "{company}的进口食品展品缺少原产地官方检疫证书，无法办理入境申报。",
            "企业补交官方证书后完成检疫申报，展品放行。"),
        new("Customs", Side.Exhibitor, Phase.Before, "ATA 单证册办理咨询",
            "{company}希望以 ATA 单证册方式暂时进境展品，咨询办理流程和时限。",
            "已提供海关展览品监管指引，企业通过报关代理完成办理。"),
        new("Customs", Side.Exhibitor, Phase.During, "展后展品留购手续",
            "{company}有采购商希望留购展品，需要办理展后转一般贸易的手续。",
            "协助对接报关行，按规定缴纳税款后完成留购。"),
        new("Customs", Side.Exhibitor, Phase.Before, "未注册医疗器械能否参展",
            "{company}拟展示的医疗器械尚未在国内注册，询问能否作为展品入境。",
            "按展览品监管规定以暂时进境方式入境，展后复运出境。"),

        new("Catering", Side.Both, Phase.During, "午餐供应紧张",
            "{hall} 号馆附近餐饮点午间排队过长，{company}人员反映用餐困难。",
            "增设临时供餐点并推广线上订餐，排队时间明显缩短。"),
        new("Catering", Side.Exhibitor, Phase.Before, "展位试吃需办理临时许可",
            "{company}计划在展位 {booth} 提供试吃，需要办理食品经营临时许可。",
            "指导企业向市场监管部门备案，明确试吃品种与份量。"),
        new("Catering", Side.Both, Phase.Any, "清真餐需求",
            "{company}人员需要清真餐食，现场餐饮点选择有限。",
            "协调餐饮服务商在指定餐厅提供清真套餐。"),
        new("Catering", Side.Buyer, Phase.During, "交易团集中用餐餐位不足",
            "{delegation}洽谈日集中用餐人数增加 {n} 桌，原订餐位不足。",
            "已与餐饮服务商调整包间与餐位，满足用餐需求。"),

        new("Accommodation", Side.Both, Phase.Before, "协议酒店满房",
            "{company}参展人员比原计划增加 {n} 人，协议酒店已满房。",
            "协调周边另一家协议酒店安排入住，并告知班车信息。"),
        new("Accommodation", Side.Both, Phase.Before, "酒店预订确认单有误",
            "{company}收到的酒店确认单入住日期有误，需更正。",
            "已联系协议酒店更正入住日期并重发确认单。"),
        new("Accommodation", Side.Buyer, Phase.Before, "交易团住宿退改",
            "{delegation}部分人员行程调整，需要退订已预订的 {n} 间客房。",
            "按协议酒店退改政策办理，未产生额外费用。"),
        new("Accommodation", Side.Both, Phase.During, "酒店至展馆班车班次少",
            "{company}入住的酒店距离展馆较远，早间班车班次少。",
            "增加早高峰班车班次，并在酒店大堂张贴时刻表。"),

        new("Booth", Side.Exhibitor, Phase.Before, "特装展位图纸审核未通过",
            "{company}展位 {booth} 的特装设计图纸因超过限高被退回。",
            "设计单位修改图纸降低高度，二次审核通过。"),
        new("Booth", Side.Exhibitor, Phase.During, "展位电箱跳闸",
            "{company}展位 {booth} 布展期间电箱频繁跳闸，影响设备调试。",
            "主场电工检查为用电超负荷，已加装电箱并完成调试。"),
        new("Booth", Side.Exhibitor, Phase.Before, "申请调整展位位置",
            "{company}希望将展位从 {hall} 号馆现位置调整到靠近主通道处。",
            "展位调配小组评估后无可调整展位，已向企业说明并提供同期活动展示机会。"),
        new("Booth", Side.Exhibitor, Phase.During, "展位网络不稳定",
            "{company}展位 {booth} 的有线网络频繁断开，影响线上直播。",
            "运营商现场排查后更换交换机，网络恢复稳定。"),
        new("Booth", Side.Exhibitor, Phase.Before, "标准展位楣板名称有误",
            "{company}标准展位楣板上的企业中文名称有错字。",
            "已重新制作楣板，开幕前完成更换。"),

        new("Other", Side.Both, Phase.Any, "供需对接会洽谈桌已满",
            "{company}希望预约供需对接会的洽谈桌，系统显示所选时段已满。",
            "协调在次日下午时段安排洽谈桌。"),
        new("Other", Side.Buyer, Phase.Before, "采购需求发布咨询",
            "{company}希望在平台发布采购需求，询问发布方式和审核时间。",
            "指导企业通过交易团提交需求，已在平台发布。"),
        new("Other", Side.Both, Phase.During, "洽谈需要小语种翻译",
            "{company}与外方洽谈时需要小语种翻译。",
            "志愿者服务中心安排翻译志愿者陪同洽谈。"),
        new("Other", Side.Exhibitor, Phase.Any, "补货车辆停车证",
            "{company}需要额外停车证，用于展品补货车辆进出。",
            "在额度内追加临时停车证 {n} 张。"),
    ];
}
