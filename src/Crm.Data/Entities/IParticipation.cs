namespace Crm.Data.Entities;

/// <summary>A company taking part in one edition (as an exhibitor or a buyer): at most once per edition and role.</summary>
public interface IParticipation
{
    int EditionId { get; }
    int CompanyId { get; }
}
