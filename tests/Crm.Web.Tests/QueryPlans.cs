using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Web.Tests;

/// <summary>A query as a request ran it: its SQL and its parameters' values.</summary>
public sealed record RecordedQuery(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);

/// <summary>Records every query EF runs through the contexts it is added to (readers and scalars; not the writes).</summary>
public sealed class QueryRecorder : DbCommandInterceptor
{
    private readonly List<RecordedQuery> _queries = [];

    public IReadOnlyList<RecordedQuery> Queries
    {
        get { lock (_queries) { return [.. _queries]; } }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return base.ReaderExecuting(command, eventData, result);
    }

    private void Record(DbCommand command)
    {
        var query = new RecordedQuery(command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToList());
        lock (_queries)
        {
            _queries.Add(query);
        }
    }
}

/// <summary>
/// What SQLite's planner makes of recorded queries (<c>EXPLAIN QUERY PLAN</c>, run with the same parameters). A timed
/// test is not allowed here, so a read that must stay fast whatever the data's size is guarded by its plan: which of
/// the named tables it reads whole (a <c>SCAN</c>) rather than through an index (a <c>SEARCH</c>).
/// </summary>
public static partial class QueryPlans
{
    /// <summary>"table (alias): plan line" for every scan of one of <paramref name="tables"/> in the queries' plans.</summary>
    public static async Task<IReadOnlyList<string>> ScansAsync(DbConnection connection, IEnumerable<RecordedQuery> queries, params string[] tables)
    {
        var scans = new List<string>();
        foreach (var query in queries)
        {
            // EF names each table by an alias in its SQL ("Meetings" AS "m0"), and the plan names the alias.
            var aliases = TableAlias().Matches(query.Sql).ToLookup(m => m.Groups["alias"].Value, m => m.Groups["table"].Value);
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + query.Sql;
            foreach (var (name, value) in query.Parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var detail = reader.GetString(3);
                if (ScanOf().Match(detail) is { Success: true } scan)
                {
                    var name = scan.Groups["name"].Value;
                    var table = aliases[name].FirstOrDefault() ?? name;
                    if (tables.Contains(table, StringComparer.Ordinal))
                    {
                        scans.Add($"{table} ({name}): {detail}\n{query.Sql}");
                    }
                }
            }
        }
        return scans;
    }

    /// <summary>A table EF names by an alias; a table without one is named by itself in the plan.</summary>
    [GeneratedRegex(@"(?:FROM|JOIN) ""(?<table>\w+)"" AS ""(?<alias>\w+)""")]
    private static partial Regex TableAlias();

    [GeneratedRegex(@"^SCAN (?<name>\w+)")]
    private static partial Regex ScanOf();
}
