using System.Globalization;

namespace Crm.Seed;

/// <summary>People's names and job titles for the contacts of companies: Chinese staff in pinyin and characters, foreign staff by language.</summary>
internal static class ContactNames
{
    private static readonly (string Zh, string Pinyin)[] _surnames =
    [
        ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"), ("黄", "Huang"), ("赵", "Zhao"),
        ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"),
        ("何", "He"), ("林", "Lin"), ("高", "Gao"), ("罗", "Luo"), ("郑", "Zheng"), ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"),
        ("唐", "Tang"), ("许", "Xu"), ("韩", "Han"), ("冯", "Feng"), ("邓", "Deng"), ("曹", "Cao"), ("彭", "Peng"), ("曾", "Zeng"),
    ];

    private static readonly (string Zh, string Pinyin)[] _givenNames =
    [
        ("志强", "Zhiqiang"), ("建华", "Jianhua"), ("丽娟", "Lijuan"), ("晓明", "Xiaoming"), ("海燕", "Haiyan"), ("静怡", "Jingyi"),
        ("文博", "Wenbo"), ("子涵", "Zihan"), ("国庆", "Guoqing"), ("嘉怡", "Jiayi"), ("俊杰", "Junjie"), ("雪梅", "Xuemei"),
        ("宇航", "Yuhang"), ("佳琪", "Jiaqi"), ("伟", "Wei"), ("芳", "Fang"), ("磊", "Lei"), ("敏", "Min"), ("洋", "Yang"),
        ("婷", "Ting"), ("浩然", "Haoran"), ("思远", "Siyuan"), ("雨萱", "Yuxuan"), ("明辉", "Minghui"), ("春燕", "Chunyan"),
        ("立新", "Lixin"), ("晨曦", "Chenxi"), ("亚楠", "Yanan"), ("振东", "Zhendong"), ("慧敏", "Huimin"), ("凯", "Kai"), ("琳", "Lin"),
    ];

    /// <summary>(given names, family names) by the country's language; English names where none is listed.</summary>
    private static readonly Dictionary<string, (string[] Given, string[] Family)> _foreign = new(StringComparer.Ordinal)
    {
        ["en"] = (["James", "Emma", "Oliver", "Sophie", "William", "Charlotte", "Daniel", "Grace", "Thomas", "Olivia"],
            ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Clarke", "Walker", "Hughes", "Mitchell", "Bennett"]),
        ["de"] = (["Lukas", "Anna", "Felix", "Lena", "Jonas", "Katharina", "Maximilian", "Julia"],
            ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Wagner"]),
        ["fr"] = (["Louis", "Camille", "Hugo", "Léa", "Antoine", "Chloé", "Julien", "Manon"],
            ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefèvre", "Girard", "Rousseau"]),
        ["it"] = (["Marco", "Giulia", "Luca", "Francesca", "Alessandro", "Chiara", "Matteo", "Sara"],
            ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"]),
        ["es"] = (["Javier", "Lucía", "Pablo", "María", "Alejandro", "Carmen", "Diego", "Elena"],
            ["García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz"]),
        ["pt"] = (["João", "Ana", "Pedro", "Beatriz", "Rafael", "Mariana", "Tiago", "Inês"],
            ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Almeida"]),
        ["ja"] = (["Haruto", "Yui", "Takashi", "Aiko", "Kenji", "Sakura", "Hiroshi", "Yuki"],
            ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura"]),
        ["ko"] = (["Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Hyun-woo", "Ji-woo", "Sung-min", "Yu-na"],
            ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon"]),
        ["ru"] = (["Alexei", "Anastasia", "Dmitry", "Elena", "Sergei", "Olga", "Ivan", "Natalia"],
            ["Ivanov", "Smirnova", "Kuznetsov", "Popova", "Sokolov", "Volkova", "Morozov", "Lebedeva"]),
        ["ar"] = (["Ahmed", "Fatima", "Omar", "Layla", "Khalid", "Noor", "Youssef", "Mariam"],
            ["Al-Sayed", "Haddad", "Nasser", "Khalil", "Mansour", "Saleh", "Farouk", "Hamdan"]),
    };

    public static readonly string[] ForeignTitles =
        ["Managing Director", "Head of Export", "Sales Director, Greater China", "Business Development Manager", "Regional Manager, Asia-Pacific"];

    public static readonly string[] RepresentativeTitles = ["中国区首席代表", "中国区销售经理", "上海代表处经理", "市场拓展经理"];

    public static readonly string[] BuyerTitles = ["采购经理", "采购总监", "总经理", "副总经理", "供应链经理", "进口业务主管"];

    /// <summary>A Chinese person: the name in pinyin as it is written abroad ("Zhang Wei"), in characters, and an e-mail local part.</summary>
    public static (string Latin, string Zh, string Mailbox) Chinese(Random r)
    {
        var (surname, surnamePinyin) = _surnames[r.Next(_surnames.Length)];
        var (given, givenPinyin) = _givenNames[r.Next(_givenNames.Length)];
        return ($"{surnamePinyin} {givenPinyin}", surname + given, (givenPinyin + "." + surnamePinyin).ToLowerInvariant());
    }

    /// <summary>A person of the country's language: the name and an e-mail local part (ASCII).</summary>
    public static (string Name, string Mailbox) Foreign(SeedCountry country, Random r)
    {
        var (given, family) = _foreign.TryGetValue(country.Language, out var names) ? names : _foreign["en"];
        var first = given[r.Next(given.Length)];
        var last = family[r.Next(family.Length)];
        return ($"{first} {last}", Ascii(first) + "." + Ascii(last));
    }

    /// <summary>A mainland mobile number as people write it.</summary>
    public static string MobilePhone(Random r) =>
        string.Create(CultureInfo.InvariantCulture, $"+86 1{3 + r.Next(7)}{r.Next(10)} {r.Next(10000):0000} {r.Next(10000):0000}");

    private static string Ascii(string text)
    {
        var decomposed = text.Normalize(System.Text.NormalizationForm.FormD);
        return new string(decomposed.Where(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z').Select(char.ToLowerInvariant).ToArray());
    }
}
