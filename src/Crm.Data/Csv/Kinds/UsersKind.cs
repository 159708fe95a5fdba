
using Crm.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv.Kinds;

/// <summary>Users with their roles, team memberships and the delegations they lead. Imported users have no password.</summary>
public sealed class UsersKind : CsvKind<UsersKind.Row, AppUser>
{
    public sealed record Row(string UserName, string DisplayName, string Email, List<string> RoleIds, string Culture,
        List<int> Teams, List<int> LeadTeams, List<int> Delegations);

    private static readonly string[] _cultures = ["zh-CN", "en"];

    public override string Name => "users";

    public override IReadOnlyList<CsvColumn> Columns { get; } =
    [
        new("user_name", true), new("display_name", true), new("email", true), new("roles", true), new("culture"),
        new("teams"), new("lead_teams"), new("delegations"),
    ];

    protected override async Task LoadAsync(CrmDbContext db, ImportLookups lookups, CancellationToken ct)
    {
        await lookups.LoadRolesAsync(db, ct);
        await lookups.LoadTeamsAsync(db, ct);
        await lookups.LoadDelegationsAsync(db, ct);
    }

    protected override Row? Read(CsvRow row, ImportLookups lookups)
    {
        var userName = row.RequiredText("user_name", 256);
        var displayName = row.RequiredText("display_name", 100);
        var email = row.RequiredText("email", 256);
        var roles = new List<string>();
        foreach (var role in row.List("roles", required: true))
        {
            if (lookups.Roles.TryGetValue(role, out var id))
            {
                roles.Add(id);
            }
            else
            {
                row.Error("roles", ImportText.Get("NotOneOf", role, string.Join(", ", Roles.All)));
            }
        }
        var culture = row.Text("culture", 8) ?? "zh-CN";
        if (!_cultures.Contains(culture, StringComparer.OrdinalIgnoreCase))
        {
            row.Error("culture", ImportText.Get("NotOneOf", culture, string.Join(", ", _cultures)));
        }
        var teams = Ids(row, "teams", lookups.Teams, "team");
        var leadTeams = Ids(row, "lead_teams", lookups.Teams, "team");
        var delegations = Ids(row, "delegations", lookups.Delegations, "delegation");
        return row.IsValid
            ? new Row(userName, displayName, email, roles, _cultures.First(c => c.Equals(culture, StringComparison.OrdinalIgnoreCase)),
                teams.Union(leadTeams).ToList(), leadTeams, delegations)
            : null;
    }

    private static List<int> Ids(CsvRow row, string column, Dictionary<string, int> map, string referenceKind) =>
        row.List(column).Select(code => Resolve(row, column, code, map, referenceKind)).OfType<int>().ToList();

    private static int? Resolve(CsvRow row, string column, string code, Dictionary<string, int> map, string referenceKind)
    {
        if (map.TryGetValue(code, out var id))
        {
            return id;
        }
        row.Error(column, ImportText.Get("UnknownReference", ImportText.Get("Ref." + referenceKind), code));
        return null;
    }

    protected override string KeyOf(Row row) => row.UserName.ToUpperInvariant();

    protected override async Task<Dictionary<string, AppUser>> FindExistingAsync(CrmDbContext db, IReadOnlyList<Row> chunk, CancellationToken ct)
    {
        var names = chunk.Select(r => r.UserName.ToUpperInvariant()).ToList();
        return await db.Users.Where(u => names.Contains(u.NormalizedUserName!)).ToDictionaryAsync(u => u.NormalizedUserName!, ct);
    }

    protected override void Assign(AppUser e, Row r, ImportLookups lookups, bool isNew)
    {
        if (isNew)
        {
            e.SecurityStamp = Guid.NewGuid().ToString("N");
            // Like every account Identity creates: repeated wrong passwords lock it.
            e.LockoutEnabled = true;
        }
        e.UserName = r.UserName;
        e.NormalizedUserName = r.UserName.ToUpperInvariant();
        e.Email = r.Email;
        e.NormalizedEmail = r.Email.ToUpperInvariant();
        e.DisplayName = r.DisplayName;
        e.PreferredCulture = r.Culture;
    }

    protected override bool AssignDependents(CrmDbContext db, AppUser user, Row row, ImportLookups lookups, bool isNew)
    {
        var changed = false;
        var roles = isNew ? [] : db.UserRoles.Where(x => x.UserId == user.Id).ToList();
        changed |= Sync(db, roles, row.RoleIds, x => x.RoleId, id => new IdentityUserRole<string> { UserId = user.Id, RoleId = id });
        var teams = isNew ? [] : db.PromotionTeamMembers.Where(x => x.UserId == user.Id).ToList();
        changed |= Sync(db, teams, row.Teams, x => x.TeamId, id => new PromotionTeamMember { UserId = user.Id, TeamId = id });
        foreach (var member in db.ChangeTracker.Entries<PromotionTeamMember>().Select(e => e.Entity).Where(m => m.UserId == user.Id))
        {
            var isLead = row.LeadTeams.Contains(member.TeamId);
            if (member.IsLead != isLead)
            {
                member.IsLead = isLead;
                changed = true;
            }
        }
        var delegations = isNew ? [] : db.TradeDelegationLeads.Where(x => x.UserId == user.Id).ToList();
        changed |= Sync(db, delegations, row.Delegations, x => x.DelegationId, id => new TradeDelegationLead { UserId = user.Id, DelegationId = id });
        return changed && !isNew;
    }

    /// <summary>Makes the links of one user exactly <paramref name="wanted"/>; returns whether anything changed.</summary>
    private static bool Sync<TLink, TKey>(CrmDbContext db, List<TLink> current, List<TKey> wanted, Func<TLink, TKey> key, Func<TKey, TLink> create)
        where TLink : class
    {
        var changed = false;
        foreach (var link in current.Where(l => !wanted.Contains(key(l))))
        {
            db.Remove(link);
            changed = true;
        }
        foreach (var id in wanted.Where(w => current.All(l => !EqualityComparer<TKey>.Default.Equals(key(l), w))))
        {
            db.Add(create(id));
            changed = true;
        }
        return changed;
    }

    public override async Task ExportAsync(CrmDbContext db, CsvRecordWriter csv, CancellationToken ct)
    {
        var roleNames = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name!, ct);
        var userRoles = (await db.UserRoles.AsNoTracking().ToListAsync(ct)).ToLookup(x => x.UserId, x => roleNames[x.RoleId]);
        var teams = (await db.PromotionTeamMembers.AsNoTracking().Select(m => new { m.UserId, m.Team!.Code, m.IsLead }).ToListAsync(ct))
            .ToLookup(m => m.UserId);
        var delegations = (await db.TradeDelegationLeads.AsNoTracking()
                .Select(l => new { l.UserId, l.Delegation!.Edition!.Number, l.Delegation.Code }).ToListAsync(ct))
            .ToLookup(l => l.UserId, l => ImportLookups.EditionKey(l.Number, l.Code));
        await CsvFormat.WriteAsync(csv, Columns, db.Users.AsNoTracking().OrderBy(u => u.UserName).AsAsyncEnumerable(), u =>
        [
            u.UserName, u.DisplayName, u.Email, CsvFormat.List(userRoles[u.Id].Order(StringComparer.Ordinal)), u.PreferredCulture,
            CsvFormat.List(teams[u.Id].Where(t => !t.IsLead).Select(t => t.Code).Order(StringComparer.Ordinal)),
            CsvFormat.List(teams[u.Id].Where(t => t.IsLead).Select(t => t.Code).Order(StringComparer.Ordinal)),
            CsvFormat.List(delegations[u.Id].Order(StringComparer.Ordinal)),
        ], ct);
    }
}
