using Radzen;

namespace Crm.Web.Infrastructure.Lists;

/// <summary>
/// A list's column choice: the keys of the columns the user shows, in the list's order; none chosen shows them all.
/// A key is the grid column's UniqueID, a value of the view's <c>columns</c> parameter and an exported column's key,
/// so the page, its saved views and its export agree on what is shown.
/// </summary>
public static class ListColumns
{
    /// <summary>The view's query-string parameter that carries the choice (comma-separated keys).</summary>
    public const string Parameter = "columns";

    /// <summary>The chosen columns of a view's query string, unknown keys dropped; null when none were chosen.</summary>
    public static IReadOnlyList<string>? Parse(ViewQuery query, IReadOnlyList<string> all) => query.List(Parameter, [.. all]);

    /// <summary>Whether a column is shown: every column until some are chosen.</summary>
    public static bool Shows(IReadOnlyList<string>? chosen, string column) => chosen is not { Count: > 0 } || chosen.Contains(column);

    /// <summary>The columns the grid's column picker leaves shown, as the list's keys in the grid's order.</summary>
    public static IReadOnlyList<string> Picked<TItem>(DataGridPickedColumnsChangedEventArgs<TItem> args, IReadOnlyList<string> all)
        where TItem : notnull =>
        (args.Columns ?? []).Select(c => c.UniqueID).Where(all.Contains).ToList();

    /// <summary>The exported columns: the chosen ones in their order, else all of <paramref name="all"/> (in the list's order).</summary>
    public static IReadOnlyList<TableColumn<TRow>> Export<TRow>(IReadOnlyList<string>? chosen, IReadOnlyList<TableColumn<TRow>> all) =>
        chosen is { Count: > 0 } ? chosen.Select(key => all.Single(c => c.Key == key)).ToList() : all;
}
