using Crm.Data.Entities;

namespace Crm.Web.Features.Meetings;

/// <summary>Which of a session's slots lie wholly inside a window of the day (Shanghai time).</summary>
public static class SessionSlots
{
    public static IReadOnlyList<int> Within(MatchmakingSession session, TimeOnly from, TimeOnly until) =>
        Enumerable.Range(0, session.SlotCount)
            .Where(slot =>
            {
                var starts = session.Starts.AddMinutes(slot * session.SlotMinutes);
                return starts >= from && starts.AddMinutes(session.SlotMinutes) <= until && from < until;
            })
            .ToList();

    /// <summary>The slots an exhibitor can meet in: those of its window, or all when it has none.</summary>
    public static IReadOnlyList<int> Open(MatchmakingSession session, ExhibitorAvailability? window) =>
        window is null ? Enumerable.Range(0, session.SlotCount).ToList() : Within(session, window.From, window.Until);
}
