namespace Crm.Web.Features.Proposals;

/// <summary>The marker type of the proposals' strings: ProposalsText.resx (English) and ProposalsText.zh-CN.resx.</summary>
public sealed class ProposalsText;
