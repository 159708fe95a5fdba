namespace Crm.Data.Csv;

/// <summary>What to do with a file that has bad rows.</summary>
public enum ImportMode
{
    /// <summary>Write every valid row and report every bad one.</summary>
    ValidRowsOnly,
    /// <summary>Write nothing if any row is bad.</summary>
    AllOrNothing,
}

/// <summary>One problem in a file: line 1 is the header, so the first data row is line 2. Line 0 concerns the whole file.</summary>
public sealed record ImportError(int Line, string Column, string Reason)
{
    public override string ToString() => Line == 0 ? Reason : $"{Line}:{Column}: {Reason}";
}

public sealed record ImportResult(
    string Kind,
    int Rows,
    int Created,
    int Updated,
    int Unchanged,
    IReadOnlyList<ImportError> Errors,
    bool Written)
{
    public int Rejected => Errors.Select(e => e.Line).Where(l => l > 0).Distinct().Count();
    public bool HasErrors => Errors.Count > 0;
}

/// <summary>How far an import is: its stage (<see cref="Reading"/>, <see cref="Checking"/>, <see cref="Writing"/>) and the fraction done.</summary>
public sealed record ImportProgress(string Stage, double Fraction)
{
    /// <summary>
    /// Reported while the import's transaction is open (after each chunk saved): the receiver must not write to the
    /// database then. On SQLite it would wait for the import's own write lock until it timed out ("database is locked");
    /// the background job's row therefore shows the writing stage without these, and the command line prints them.
    /// </summary>
    public bool InTransaction { get; init; }

    public const string Reading = "reading";
    public const string Checking = "checking";
    public const string Writing = "writing";
}
