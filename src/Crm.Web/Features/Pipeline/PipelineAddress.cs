using System.Globalization;
using Crm.Data.Entities;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// A pipeline's filters in an address (kind=procurement&amp;mine=true&amp;attention=Overdue…): the list and the board
/// read the same keys, so a choice survives a reload, a link and a switch between the two views.
/// </summary>
public static class PipelineAddress
{
    /// <summary>The query string (without "?") that asks for <paramref name="query"/>; what is not chosen is left out.</summary>
    public static string Of(ListPipeline.Query query)
    {
        var parts = new List<string>();
        void Add(string key, object? value)
        {
            if (value is not null)
            {
                parts.Add(key + "=" + Uri.EscapeDataString(Convert.ToString(value, CultureInfo.InvariantCulture)!));
            }
        }
        Add("kind", query.Kind?.ToString().ToLowerInvariant());
        Add("edition", query.EditionNumber);
        Add("team", query.TeamId);
        Add("delegation", query.DelegationId);
        Add("stage", query.Stage);
        Add("mine", query.Mine ? "true" : null);
        Add("attention", query.Attention);
        Add("q", string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim());
        return string.Join("&", parts);
    }

    /// <summary>The query an address asks for: unreadable values count as not given.</summary>
    public static ListPipeline.Query Parse(string? kind, int? edition, int? team, int? delegation, string? stage, bool? mine, string? attention, string? search) =>
        new(edition, team, Enum<DealStage>(stage), Enum<MatchKind>(kind), mine == true, delegation,
            string.IsNullOrWhiteSpace(search) ? null : search.Trim(), Enum<Attention>(attention));

    private static TEnum? Enum<TEnum>(string? value) where TEnum : struct, Enum =>
        System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !int.TryParse(value, out _) ? parsed : null;
}
