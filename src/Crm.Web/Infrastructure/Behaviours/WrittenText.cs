using System.Collections.Concurrent;
using System.Reflection;

namespace Crm.Web.Infrastructure.Behaviours;

/// <summary>
/// What a write may carry as text: any character but a control character (tab and line breaks excepted), a broken
/// surrogate pair or a noncharacter (U+FFFE, U+FFFF). Such characters cannot be shown, and a CSV export holding them would
/// not import back (the importer refuses NUL and undecodable bytes).
/// </summary>
public static class WrittenText
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> _properties = new();

    /// <summary>
    /// The names of the request's texts that hold something else: its own, and those of the app's records it carries
    /// (e.g. a move's stage facts, as "Facts.Counterpart").
    /// </summary>
    public static IReadOnlyList<string> Unreadable(object request)
    {
        var names = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var property in Properties(request.GetType()))
        {
            switch (property.GetValue(request))
            {
                case string value when !IsReadable(value):
                    names.Add(property.Name);
                    break;
                case { } record when IsAppRecord(record.GetType()) && seen.Add(record):
                    names.AddRange(Properties(record.GetType())
                        .Where(p => p.PropertyType == typeof(string) && p.GetValue(record) is string inner && !IsReadable(inner))
                        .Select(p => $"{property.Name}.{p.Name}"));
                    break;
            }
        }
        return names;
    }

    public static bool IsReadable(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' || (char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsAppRecord(Type type) => type.IsClass && type.Namespace?.StartsWith("Crm.Web", StringComparison.Ordinal) == true;

    private static PropertyInfo[] Properties(Type type) => _properties.GetOrAdd(type, t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && (p.PropertyType == typeof(string) || IsAppRecord(p.PropertyType))).ToArray());
}
