using System.Globalization;

namespace Crm.Seed;

/// <summary>People's names and job titles for the contacts of companies: Chinese staff in pinyin and characters, foreign staff by language.</summary>
internal static class ContactNames
{
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
        var (surname, surnamePinyin) = Names.Surnames[r.Next(Names.Surnames.Length)];
        var (given, givenPinyin) = Names.GivenNames[r.Next(Names.GivenNames.Length)];
        return ($"{Capital(surnamePinyin)} {Capital(givenPinyin)}", surname + given, givenPinyin + "." + surnamePinyin);
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

    private static string Capital(string pinyin) => char.ToUpperInvariant(pinyin[0]) + pinyin[1..];

    private static string Ascii(string text)
    {
        var decomposed = text.Normalize(System.Text.NormalizationForm.FormD);
        return new string(decomposed.Where(c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z').Select(char.ToLowerInvariant).ToArray());
    }
}
