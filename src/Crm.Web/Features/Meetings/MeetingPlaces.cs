using Crm.Data.Entities;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>Where a meeting is, in words: "table A-017", "at the booth" or "online".</summary>
public static class MeetingPlaces
{
    public static string Describe(IStringLocalizer<MeetingsText> text, MeetingPlace place, string? tableCode) =>
        place == MeetingPlace.VenueTable && tableCode is not null ? text["IcsTable", tableCode] : text["Place_" + place];
}
