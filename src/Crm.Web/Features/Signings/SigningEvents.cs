using Crm.Data;
using Crm.Data.Entities;

namespace Crm.Web.Features.Signings;

/// <summary>What every change of a signing's deal list does to the event itself.</summary>
internal static class SigningEvents
{
    /// <summary>
    /// Raises the event's version with the save (its version guards the update): attaching, detaching and recording
    /// exclude one another, so a recording never misses a deal attached at the same moment.
    /// </summary>
    public static void Touch(CrmDbContext db, SigningEvent signing) => db.Entry(signing).Property(e => e.Version).IsModified = true;
}
