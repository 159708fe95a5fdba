using Crm.Data.Entities;
using MediatR;

namespace Crm.Web.Features.Matching;

/// <summary>
/// The model page's jobs over HTTP, for administrators and operators' scripts: POST /api/v1/models/{kind}/training and
/// /api/v1/models/{kind}/scoring start a job (or join the same one already queued or running, on any instance);
/// GET /api/v1/jobs/{id} follows it; POST /api/v1/jobs/{id}/cancellation stops it, wherever it runs.
/// </summary>
public static class ModelJobsApi
{
    /// <param name="FromEdition">With <paramref name="ToEdition"/>, the editions to learn from; both null: every past edition.</param>
    public sealed record Training(int? FromEdition = null, int? ToEdition = null);

    public static RouteGroupBuilder MapModelJobsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/models/{kind}/training", async (MatchKind kind, Training? training, IMediator mediator, CancellationToken ct) =>
                Accepted(await mediator.Send(new StartTraining.Command(kind, training?.FromEdition, training?.ToEdition), ct)))
            .WithName("StartTraining").WithSummary("Starts training a ranking model of a kind (Procurement or Investment), or joins the training already under way.")
            .Produces(StatusCodes.Status202Accepted).ProducesValidationProblem();
        api.MapPost("/models/{kind}/scoring", async (MatchKind kind, int edition, IMediator mediator, CancellationToken ct) =>
                Accepted(await mediator.Send(new StartScoring.Command(kind, edition), ct)))
            .WithName("StartScoring").WithSummary("Scores an edition with the active model of a kind, or joins the same scoring already under way.")
            .Produces(StatusCodes.Status202Accepted).ProducesValidationProblem();
        api.MapGet("/jobs/{id:int}", async (int id, IMediator mediator, CancellationToken ct) =>
                (await mediator.Send(new ListJobs.Query(1, id), ct)).SingleOrDefault() is { } job ? Results.Ok(job) : Results.NotFound())
            .WithName("GetJob").WithSummary("A model job's status, progress, the instance running it and what it did.")
            .Produces<ListJobs.Row>().Produces(StatusCodes.Status404NotFound);
        api.MapPost("/jobs/{id:int}/cancellation", async (int id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new CancelJob.Command(id), ct) ? Results.Accepted($"/api/v1/jobs/{id}") : Results.NotFound())
            .WithName("CancelJob").WithSummary("Asks a queued or running model job to stop, on whichever instance runs it.")
            .Produces(StatusCodes.Status202Accepted).Produces(StatusCodes.Status404NotFound);
        return api;
    }

    private static IResult Accepted(int job) => Results.Accepted($"/api/v1/jobs/{job}", new { id = job });
}
