using System.Globalization;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>How the schedule page and its print view write a meeting and whose schedule it is, in the user's language.</summary>
public static class ScheduleDisplay
{
    public static bool Chinese => Cultures.IsChinese(CultureInfo.CurrentUICulture);

    /// <summary>The Chinese name for a Chinese reader when there is one, else the original.</summary>
    public static string Name(string name, string? nameZh) => Chinese && !string.IsNullOrEmpty(nameZh) ? nameZh : name;

    /// <summary>"9:00–9:20" on Shanghai's clocks.</summary>
    public static string Hours(ListSchedule.Row row) => $"{Formatting.ExpoTimeOfDay(row.StartsAt)}–{Formatting.ExpoTimeOfDay(row.EndsAt)}";

    /// <summary>Where: the session and its table, the exhibitor's booth, or online; and the interpreter when there is one.</summary>
    public static string Place(IStringLocalizer<MeetingsText> text, ListSchedule.Row row)
    {
        string where = row.Place switch
        {
            MeetingPlace.VenueTable when row.Session is not null => text["At_VenueTable", Name(row.Session, row.SessionZh), row.TableCode ?? ""],
            MeetingPlace.VenueTable => text["IcsTable", row.TableCode ?? ""],
            MeetingPlace.Booth => text["At_Booth", row.Booth ?? ""],
            _ => text["At_Online"],
        };
        return row.Interpreter is { } interpreter ? $"{where} · {text["InterpretersLine", interpreter]}" : where;
    }

    /// <summary>The status, and a held meeting's outcome once recorded.</summary>
    public static string StatusAndOutcome(IStringLocalizer<MeetingsText> text, ListSchedule.Row row) =>
        row.Outcome is { } outcome ? $"{Status(text, row.Status)} · {text["OutcomeShort_" + outcome]}" : Status(text, row.Status);

    public static string Buyer(ListSchedule.Row row) => row.BuyerName is null ? "" : Name(row.BuyerName, row.BuyerNameZh);

    public static string Exhibitor(ListSchedule.Row row) => Name(row.ExhibitorName, row.ExhibitorNameZh);

    public static string Status(IStringLocalizer<MeetingsText> text, MeetingStatus status) => text["StatusLabel_" + status];

    /// <summary>"Buyer schedule: …", "Session schedule: …, table A-017".</summary>
    public static string Heading(IStringLocalizer<MeetingsText> text, NameSchedule.Subject subject)
    {
        var whose = text["Whose_" + subject.Whose];
        var name = Name(subject.Name, subject.NameZh);
        return subject.TableCode is { } table ? text["ScheduleOfTable", whose, name, table] : text["ScheduleOf", whose, name];
    }
}
