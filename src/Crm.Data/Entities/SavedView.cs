namespace Crm.Data.Entities;

/// <summary>A list's view (filters, order, columns) a user saved under a name; one of a list's views may open by default.</summary>
public class SavedView
{
    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    /// <summary>The list it belongs to: "exhibitors", "buyers" …</summary>
    public string List { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The view as the list writes it in its address (a query string).</summary>
    public string Query { get; set; } = "";
    public bool IsDefault { get; set; }
    public DateTime CreatedAt { get; set; }
}
