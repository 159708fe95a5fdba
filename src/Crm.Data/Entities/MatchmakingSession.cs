namespace Crm.Data.Entities;

/// <summary>
/// A supply-and-demand matchmaking session (供需对接会): one day at a venue from a start to an end time (Shanghai), cut
/// into slots of equal length, with numbered tables (<see cref="TablePrefix"/>-001 …). Meetings booked into it take a
/// slot and a table.
/// </summary>
public class MatchmakingSession : IVersioned
{
    public int Id { get; set; }
    public int EditionId { get; set; }
    public Edition? Edition { get; set; }
    public string Name { get; set; } = "";
    public string NameZh { get; set; } = "";
    public string Venue { get; set; } = "";
    public DateOnly Day { get; set; }
    /// <summary>Shanghai time.</summary>
    public TimeOnly Starts { get; set; }
    /// <summary>Shanghai time; the last slot ends at or before it.</summary>
    public TimeOnly Ends { get; set; }
    public int SlotMinutes { get; set; }
    public string TablePrefix { get; set; } = "";
    public int Tables { get; set; }
    /// <summary>
    /// Whether the organisers provide interpreters: then a pair whose sides speak different languages meets only with
    /// one of the session's <see cref="Interpreters"/> for the exhibitor's language. Otherwise the sides bring their own.
    /// </summary>
    public bool ProvidesInterpreters { get; set; }
    public List<SessionInterpreter> Interpreters { get; set; } = [];
    /// <summary>Exhibitors who can meet only part of the session; every other exhibitor is there throughout.</summary>
    public List<ExhibitorAvailability> Availabilities { get; set; } = [];
    public long Version { get; set; }

    public int SlotCount => (int)((Ends - Starts).TotalMinutes / SlotMinutes);

    /// <summary>The start of slot <paramref name="slot"/> (0-based), in UTC.</summary>
    public DateTime SlotStartUtc(int slot) => ExpoClock.ToUtc(Day.ToDateTime(Starts).AddMinutes(slot * SlotMinutes));

    /// <summary>Table <paramref name="number"/> (1-based): "A-007".</summary>
    public string TableCode(int number) => FormattableString.Invariant($"{TablePrefix}-{number:000}");
}

/// <summary>An interpreter working a matchmaking session for one language (ISO 639-1), one meeting per slot.</summary>
public class SessionInterpreter
{
    public int Id { get; set; }
    public int SessionId { get; set; }
    public MatchmakingSession? Session { get; set; }
    public string Name { get; set; } = "";
    public string Language { get; set; } = "";
}

/// <summary>The part of a session (Shanghai time, on the slot grid) in which an exhibitor can meet.</summary>
public class ExhibitorAvailability
{
    public int Id { get; set; }
    public int SessionId { get; set; }
    public MatchmakingSession? Session { get; set; }
    public int ExhibitorId { get; set; }
    public Exhibitor? Exhibitor { get; set; }
    public TimeOnly From { get; set; }
    public TimeOnly Until { get; set; }
}
