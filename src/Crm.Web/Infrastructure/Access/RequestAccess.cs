using Crm.Data.Entities;
using Entities = Crm.Data.Entities;

namespace Crm.Web.Infrastructure.Access;

/// <summary>A request anyone may send, signed in or not (e.g. choosing the language). Every other request needs a signed-in user.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AllowAnonymousRequestAttribute : Attribute;

/// <summary>Only users in one of these roles may send the request (administrators always may).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresRoleAttribute(params string[] roles) : Attribute
{
    public IReadOnlyList<string> Roles { get; } = roles;
}

/// <summary>A request that changes data: refused for viewers.</summary>
public interface IWriteRequest;

/// <summary>
/// A request about particular records: each must be within the user's reach (a team of theirs, a delegation they lead,
/// or a record the row-level filters let them see), or the request is refused before its handler runs.
/// </summary>
public interface IRecordRequest
{
    IEnumerable<RecordRef> Records { get; }
}

/// <summary>A record a request is about.</summary>
public sealed record RecordRef(Type EntityType, int Id)
{
    public static RecordRef Team(int id) => new(typeof(PromotionTeam), id);
    public static RecordRef Delegation(int id) => new(typeof(TradeDelegation), id);
    public static RecordRef Deal(int id) => new(typeof(Entities.Deal), id);
    public static RecordRef Meeting(int id) => new(typeof(Entities.Meeting), id);
    public static RecordRef Match(int id) => new(typeof(Entities.Match), id);
    public static RecordRef Buyer(int id) => new(typeof(Entities.Buyer), id);

    /// <summary>The records a request names among those it may name (a filter or a counterpart left out is null).</summary>
    public static IEnumerable<RecordRef> Given(params RecordRef?[] records) => records.OfType<RecordRef>();
}
