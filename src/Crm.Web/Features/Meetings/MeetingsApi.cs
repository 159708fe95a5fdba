using Crm.Data.Entities;
using MediatR;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// GET /api/v1/sessions, GET /api/v1/sessions/{id}/slots, GET /api/v1/meetings and POST /api/v1/meetings: the matchmaking
/// sessions, a pair's free slots, the schedule, and a booking (of bookings made at the same moment exactly one wins; the
/// others get 409 with the reason).
/// </summary>
public static class MeetingsApi
{
    public sealed record Booking(int MatchId, int SessionId, int Slot, MeetingPlace Place = MeetingPlace.VenueTable);

    public static RouteGroupBuilder MapMeetingsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/sessions", (IMediator mediator, CancellationToken ct) => mediator.Send(new ListSessions.Query(), ct))
            .WithName("ListSessions").WithSummary("The current edition's matchmaking sessions.");
        api.MapGet("/sessions/{id:int}/slots", (int id, int matchId, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ListSlots.Query(id, matchId), ct))
            .WithName("ListSlots").WithSummary("A session's slots for a pair: free tables, and whether both sides are free.");
        api.MapGet("/meetings", ([AsParameters] ListSchedule.Query query, IMediator mediator, CancellationToken ct) => mediator.Send(query, ct))
            .WithName("ListMeetings").WithSummary("The schedule within the user's reach, by buyer, exhibitor, delegation, session or table.");
        api.MapPost("/meetings", async (Booking booking, IMediator mediator, CancellationToken ct) =>
            {
                var booked = await mediator.Send(new BookMeeting.Command(booking.MatchId, booking.SessionId, booking.Slot, booking.Place), ct);
                return Results.Json(booked, statusCode: StatusCodes.Status201Created);
            })
            .WithName("BookMeeting").WithSummary("Books a confirmed pair into a slot of a session.")
            .Produces<BookMeeting.Booked>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesValidationProblem(StatusCodes.Status409Conflict);
        return api;
    }
}
