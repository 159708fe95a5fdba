using System.Data.Common;
using System.Runtime.Loader;

namespace Crm.Journeys;

/// <summary>
/// Reads the journey's SQLite file with Microsoft.Data.Sqlite, the app's own SQLite provider, loaded from the app's build
/// output (this project builds the app but does not reference its assemblies); used through ADO.NET's base classes.
/// </summary>
internal static class JourneyDatabase
{
    private static readonly string _folder = Path.GetDirectoryName(CrmAppFixture.AppExecutable)!;
    private static readonly Lazy<Type> _connection = new(() =>
    {
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            name.Name is { } n && (n.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) || n.StartsWith("SQLitePCLRaw", StringComparison.Ordinal))
            && File.Exists(Path.Combine(_folder, n + ".dll"))
                ? context.LoadFromAssemblyPath(Path.Combine(_folder, n + ".dll"))
                : null;
        return Type.GetType("Microsoft.Data.Sqlite.SqliteConnection, Microsoft.Data.Sqlite", throwOnError: true)!;
    });

    /// <summary>A read-only connection, open.</summary>
    public static DbConnection Open(string file) => Open(file, writable: false);

    /// <summary>A connection, open: read-only, or able to write (never creating the file).</summary>
    public static DbConnection Open(string file, bool writable)
    {
        var mode = writable ? "ReadWrite" : "ReadOnly";
        var connection = (DbConnection)Activator.CreateInstance(_connection.Value, $"Data Source={file};Mode={mode};Pooling=False")!;
        connection.Open();
        return connection;
    }

    /// <summary>The first column of the first row of a query, as text; null when there is no row.</summary>
    public static async Task<string?> ScalarAsync(string file, string sql)
    {
        await using var connection = Open(file);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }
}
