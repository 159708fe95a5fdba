using MediatR;

namespace Crm.Web.Features.Companies;

/// <summary>GET /api/v1/companies/{id}: a company's record as its page shows it (editions, deals and meetings in the user's reach).</summary>
public static class CompaniesApi
{
    public static RouteGroupBuilder MapCompaniesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/companies/{id:int}", async (int id, IMediator mediator, CancellationToken ct) =>
                await mediator.Send(new GetCompany.Query(id), ct) is { } record ? Results.Ok(record) : Results.NotFound())
            .WithName("GetCompany").WithSummary("A company's record.")
            .Produces<GetCompany.Record>().Produces(StatusCodes.Status404NotFound);
        return api;
    }
}
