namespace Crm.Data.Entities;

/// <summary>A match meeting in a slot at a place. Neither side nor a table is ever booked twice in one slot.</summary>
public class Meeting : IVersioned
{
    public int Id { get; set; }
    /// <summary>External key, unique (e.g. "M08-000123").</summary>
    public string Code { get; set; } = "";
    public int EditionId { get; set; }
    public Edition? Edition { get; set; }
    public int? MatchId { get; set; }
    public Match? Match { get; set; }
    public int ExhibitorId { get; set; }
    public Exhibitor? Exhibitor { get; set; }
    public int? BuyerId { get; set; }
    public Buyer? Buyer { get; set; }
    public int? PromotionTeamId { get; set; }
    public PromotionTeam? PromotionTeam { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public MeetingPlace Place { get; set; }
    /// <summary>The matchmaking venue table (e.g. "A-017") when <see cref="Place"/> is a venue table.</summary>
    public string? TableCode { get; set; }
    /// <summary>The matchmaking session the meeting was booked into, if any.</summary>
    public int? SessionId { get; set; }
    public MatchmakingSession? Session { get; set; }
    public MeetingStatus Status { get; set; }
    /// <summary>The session's interpreter who serves the meeting, when the pair needs one.</summary>
    public int? InterpreterId { get; set; }
    public SessionInterpreter? Interpreter { get; set; }
    /// <summary>How a held meeting went, recorded after it (with <see cref="OutcomeNotes"/>); null until then.</summary>
    public MeetingOutcome? Outcome { get; set; }
    public string? OutcomeNotes { get; set; }
    public DateTime? OutcomeRecordedAt { get; set; }
    public long Version { get; set; }

    /// <summary>An edition's meeting codes: "M09-" + six digits.</summary>
    public static string CodePrefix(int edition) => FormattableString.Invariant($"M{edition:00}-");

    public const int CodeDigits = 6;

    public const int OutcomeNotesMaxLength = 500;
}

public enum MeetingPlace { VenueTable, Booth, Online }

public enum MeetingStatus { Requested, Confirmed, Held, NoShow, Cancelled }

/// <summary>
/// What a held meeting led to: both sides want to go on (the deal is met and has a next step), they will think it over
/// (met, with a next step), or they will not go on (the deal is lost, with the reason).
/// </summary>
public enum MeetingOutcome { Promising, Undecided, NoInterest }

public static class MeetingStatuses
{
    /// <summary>The meetings that keep their pair from another booking: all but cancelled ones and no-shows (which are rescheduled).</summary>
    public static readonly MeetingStatus[] HoldingThePair = [MeetingStatus.Requested, MeetingStatus.Confirmed, MeetingStatus.Held];

    /// <summary>The meetings still to happen: they may be marked, moved or cancelled; held, no-show and cancelled are final.</summary>
    public static readonly MeetingStatus[] Open = [MeetingStatus.Requested, MeetingStatus.Confirmed];
}
