namespace Crm.Web.Features.Proposals;

/// <summary>Settings of the double opt-in, section <c>Matching</c>.</summary>
public sealed class MatchmakingOptions
{
    public const string Section = "Matching";

    /// <summary>
    /// <c>Matching:RequestExpiry</c> (default three days): how long an exhibitor's side has to answer a request. After it
    /// the request lapses: it can no longer be accepted, so it never holds anything, and the delegation may ask again.
    /// </summary>
    public TimeSpan RequestExpiry { get; set; } = TimeSpan.FromDays(3);
}
