using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Buyers;

/// <summary>GET /api/v1/buyers: the buyer list's query; a delegation lead gets their delegations' buyers only, as on the page.</summary>
public static class BuyersApi
{
    public static RouteGroupBuilder MapBuyersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/buyers", ([AsParameters] ListBuyers.Query query, IMediator mediator, CancellationToken ct) => mediator.Send(query, ct))
            .WithName("ListBuyers").WithSummary("The buyers of an edition within the user's reach, a page at a time.");
        return api;
    }
}
