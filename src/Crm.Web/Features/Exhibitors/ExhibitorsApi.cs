using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Exhibitors;

/// <summary>GET /api/v1/exhibitors: the exhibitor list's query (the same filters, order and paging as the page).</summary>
public static class ExhibitorsApi
{
    public static RouteGroupBuilder MapExhibitorsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/exhibitors", ([AsParameters] ListExhibitors.Query query, IMediator mediator, CancellationToken ct) => mediator.Send(query, ct))
            .WithName("ListExhibitors").WithSummary("The exhibitors of an edition (the current one by default), a page at a time.");
        return api;
    }
}
