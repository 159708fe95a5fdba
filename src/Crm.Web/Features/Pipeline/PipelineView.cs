using Microsoft.AspNetCore.Components;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// What the pipeline's list and board share: the filters read from the address (<see cref="PipelineAddress"/>) and the
/// way to change them, which goes through the address so the browser's history and links keep them.
/// </summary>
public abstract class PipelineView : ComponentBase
{
    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "kind")] public string? KindParameter { get; set; }
    [SupplyParameterFromQuery(Name = "edition")] public int? EditionParameter { get; set; }
    [SupplyParameterFromQuery(Name = "team")] public int? TeamParameter { get; set; }
    [SupplyParameterFromQuery(Name = "delegation")] public int? DelegationParameter { get; set; }
    [SupplyParameterFromQuery(Name = "stage")] public string? StageParameter { get; set; }
    [SupplyParameterFromQuery(Name = "mine")] public bool? MineParameter { get; set; }
    [SupplyParameterFromQuery(Name = "attention")] public string? AttentionParameter { get; set; }
    [SupplyParameterFromQuery(Name = "q")] public string? SearchParameter { get; set; }

    /// <summary>The filters the address asks for.</summary>
    protected ListPipeline.Query AddressQuery => PipelineAddress.Parse(KindParameter, EditionParameter, TeamParameter, DelegationParameter,
        StageParameter, MineParameter, AttentionParameter, SearchParameter);

    /// <summary>This view's address (e.g. "pipeline/board").</summary>
    protected abstract string Path { get; }

    /// <summary>Shows <paramref name="query"/> in this view: the address changes and the page loads it.</summary>
    protected void Show(ListPipeline.Query query) => Navigation.NavigateTo(AddressOf(Path, query));

    /// <summary>The key of a title or text, in its procurement wording on a procurement pipeline.</summary>
    protected static string Titled(string key, Crm.Data.Entities.MatchKind? kind) =>
        kind == Crm.Data.Entities.MatchKind.Procurement ? key + "_Procurement" : key;

    /// <summary>The address of a view with these filters.</summary>
    public static string AddressOf(string path, ListPipeline.Query query) =>
        PipelineAddress.Of(query) is { Length: > 0 } address ? $"{path}?{address}" : path;
}
