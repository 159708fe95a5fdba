namespace Crm.Data;

/// <summary>The database engines the CRM runs on. SQLite is the embedded default; SQL Server is for production.</summary>
public enum DatabaseProvider { Sqlite, SqlServer }

/// <summary>The "Database" configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>"Sqlite" (default) or "SqlServer".</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    /// <summary>
    /// The connection string. For SQLite, when empty, the database is the file <c>crm.db</c> in the data folder;
    /// a bare file path is accepted too. For SQL Server it is required.
    /// </summary>
    public string? ConnectionString { get; set; }

    public DatabaseProvider ParsedProvider => Enum.TryParse<DatabaseProvider>(Provider, ignoreCase: true, out var p)
        ? p
        : throw new CrmConfigurationException(
            $"Unknown database provider '{Provider}' in configuration '{Section}:Provider'. Use 'Sqlite' or 'SqlServer'.");
}

/// <summary>The configuration cannot work (unknown provider, missing connection string, a build without SQL Server's assembly).</summary>
public sealed class CrmConfigurationException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
