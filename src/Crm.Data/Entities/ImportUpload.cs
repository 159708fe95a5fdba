namespace Crm.Data.Entities;

/// <summary>
/// An uploaded import file waiting for its job. Kept in the database, not on one machine's disk, so that whichever
/// instance takes the job up (or takes it over) reads the same bytes; deleted when the job ends.
/// </summary>
public class ImportUpload
{
    public int Id { get; set; }
    /// <summary>The name it was uploaded with (its extension says CSV or Excel).</summary>
    public string FileName { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public DateTime CreatedAt { get; set; }
}
