namespace Crm.Data.Entities;

/// <summary>A local investment promotion team (招商团队) of a district, park or town.</summary>
public class PromotionTeam
{
    public int Id { get; set; }
    /// <summary>External key, unique (e.g. "T-PD-01").</summary>
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string NameZh { get; set; } = "";
    public string DistrictCode { get; set; } = "";
    public District? District { get; set; }
    /// <summary>The park or economic entity the team works for, if any.</summary>
    public string? Park { get; set; }
    /// <summary>Sector codes the team focuses on.</summary>
    public List<string> FocusSectors { get; set; } = [];
    public List<PromotionTeamMember> Members { get; set; } = [];
}

public class PromotionTeamMember
{
    public int TeamId { get; set; }
    public PromotionTeam? Team { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    public bool IsLead { get; set; }
}
