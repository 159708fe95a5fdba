namespace Crm.Data.Entities;

/// <summary>
/// An entity with an optimistic concurrency token. The context increments <see cref="Version"/> on every update,
/// so a save based on a stale copy fails with <see cref="Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException"/>
/// on SQLite and SQL Server alike.
/// </summary>
public interface IVersioned
{
    long Version { get; set; }
}
