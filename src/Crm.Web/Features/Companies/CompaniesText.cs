namespace Crm.Web.Features.Companies;

/// <summary>The marker type of the company pages' strings: CompaniesText.resx (English) and CompaniesText.zh-CN.resx.</summary>
public sealed class CompaniesText;
