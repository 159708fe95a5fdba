namespace Crm.Data.Auditing;

/// <summary>Who is acting, and through which operation, for the writes made in this async flow.</summary>
public sealed record AuditActor(string? UserId, string? UserName, string? Operation);

/// <summary>
/// The ambient actor for audit entries. Blazor Server creates one DbContext per operation from a factory,
/// so the actor travels with the async flow rather than through the container.
/// </summary>
public static class AuditScope
{
    private static readonly AsyncLocal<AuditActor?> _current = new();

    public static AuditActor? Current => _current.Value;

    public static IDisposable Begin(AuditActor actor)
    {
        var previous = _current.Value;
        _current.Value = actor;
        return new Restore(previous);
    }

    private sealed class Restore(AuditActor? previous) : IDisposable
    {
        public void Dispose() => _current.Value = previous;
    }
}
