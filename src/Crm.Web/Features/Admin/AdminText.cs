namespace Crm.Web.Features.Admin;

/// <summary>
/// The marker type of the administration pages' strings: <c>IStringLocalizer&lt;AdminText&gt;</c> reads AdminText.resx
/// (English, the neutral language) and AdminText.zh-CN.resx beside it.
/// </summary>
public sealed class AdminText;
