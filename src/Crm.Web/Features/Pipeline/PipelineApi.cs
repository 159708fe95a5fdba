using Crm.Data.Entities;
using Crm.Web.Features.Api;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// GET /api/v1/deals, GET /api/v1/deals/{id}, POST /api/v1/deals and POST /api/v1/deals/{id}/stage: the pipeline's list, a deal made by hand, and
/// a move to another stage over the version read (a deal changed since gives 409 and nothing is written).
/// </summary>
public static class PipelineApi
{
    public sealed record NewDeal(MatchKind Kind, int ExhibitorId, int? TeamId, int? BuyerId, DealStage Stage, string? NextStep, DateOnly? NextStepDueOn);

    public sealed record StageMove(
        long ExpectedVersion, MatchKind Kind, DealStage FromStage, DealStage ToStage, string? Reason = null, StageFacts? Facts = null,
        string? NextStep = null, DateOnly? NextStepDueOn = null);

    public sealed record Moved(int DealId, DealStage Stage, long Version);

    public static RouteGroupBuilder MapPipelineApi(this RouteGroupBuilder api)
    {
        api.MapGet("/deals", ([AsParameters] ListPipeline.Query query, IMediator mediator, CancellationToken ct) => mediator.Send(query, ct))
            .WithName("ListDeals").WithSummary("The pipeline of an edition within the user's reach: stage summaries and deals.");
        api.MapGet("/deals/{id:int}", async (int id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetDeal.Query(id), ct) is { } deal ? Results.Ok(deal) : Results.NotFound())
            .WithName("GetDeal").WithSummary("A deal: stage, version, values, next step and stage history.")
            .Produces<GetDeal.Record>().Produces(StatusCodes.Status404NotFound);
        api.MapPost("/deals", async (NewDeal deal, IMediator mediator, CancellationToken ct) =>
            {
                var created = await mediator.Send(new CreateDeal.Command(deal.Kind, deal.ExhibitorId, deal.TeamId, deal.BuyerId, deal.Stage, deal.NextStep, deal.NextStepDueOn), ct);
                return Results.Json(created, statusCode: StatusCodes.Status201Created);
            })
            .WithName("CreateDeal").WithSummary("Makes a deal by hand, with its first stage and next step.")
            .Produces<CreateDeal.Created>(StatusCodes.Status201Created).ProducesValidationProblem();
        api.MapPost("/deals/{id:int}/stage", async (int id, StageMove move, IMediator mediator, IStringLocalizer<ApiText> text, CancellationToken ct) =>
            {
                var result = await mediator.Send(new MoveDealStage.Command(id, move.ExpectedVersion, move.Kind, move.FromStage, move.ToStage,
                    move.Reason, move.Facts, move.NextStep, move.NextStepDueOn), ct);
                return result.Moved
                    ? Results.Ok(new Moved(id, move.ToStage, result.Version))
                    : ApiErrors.ConflictProblem(text["Conflict"], result.Conflict ?? text["Stale"]);
            })
            .WithName("MoveDealStage").WithSummary("Moves a deal to another stage with what that stage requires.")
            .Produces<Moved>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }
}
