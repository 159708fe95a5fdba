namespace Crm.Web.Cli;

/// <summary>Positional words and --options (with a value, or a flag) of a command line.</summary>
internal sealed class CliArguments
{
    private static readonly HashSet<string> _flags = ["all-or-nothing", "help", "json", "force", "no-keep"];

    private readonly Dictionary<string, string?> _options = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Positional { get; } = [];

    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new CliArguments();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && args[i].Length > 2)
            {
                var name = args[i][2..];
                var eq = name.IndexOf('=');
                if (eq > 0)
                {
                    parsed._options[name[..eq]] = name[(eq + 1)..];
                }
                else if (_flags.Contains(name) || i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    parsed._options[name] = null;
                }
                else
                {
                    parsed._options[name] = args[++i];
                }
            }
            else
            {
                parsed.Positional.Add(args[i]);
            }
        }
        return parsed;
    }

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public bool Flag(string name) => _options.ContainsKey(name);

    /// <summary>The first option not in <paramref name="known"/>, as typed; null when all are known.</summary>
    public string? Unknown(IEnumerable<string> known) =>
        _options.Keys.FirstOrDefault(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } name ? "--" + name : null;
}
