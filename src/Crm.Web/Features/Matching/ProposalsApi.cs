using Crm.Web.Features.Api;
using Crm.Web.Features.Proposals;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Matching;

/// <summary>GET /api/v1/proposals and POST /api/v1/proposals/{matchId}/decision: a counterpart's proposed pairs with their reasons, and a side's answer.</summary>
public static class ProposalsApi
{
    /// <summary>A side's answer over the version it read.</summary>
    public sealed record Decision(long ExpectedVersion, bool Accept, string? Reason = null);

    public static RouteGroupBuilder MapProposalsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/proposals", ([AsParameters] ListProposals.Query query, IMediator mediator, CancellationToken ct) => mediator.Send(query, ct))
            .WithName("ListProposals").WithSummary("A buyer's or a promotion team's proposed exhibitors, best first, with the reasons.");
        api.MapPost("/proposals/{matchId:int}/decision", async (int matchId, Decision decision, IMediator mediator, IStringLocalizer<ApiText> text, CancellationToken ct) =>
                await mediator.Send(new DecideProposal.Command(matchId, decision.ExpectedVersion, decision.Accept, decision.Reason), ct) is { Saved: true } change
                    ? Results.Ok(change)
                    : ApiErrors.ConflictProblem(text["Conflict"], text["Stale"]))
            .WithName("DecideProposal").WithSummary("Accepts or declines a proposed pair for the counterpart's side.")
            .Produces<MatchChange>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }
}
