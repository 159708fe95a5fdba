namespace Crm.Web.Features.Account;

/// <summary>
/// The marker type of the account pages' strings: <c>IStringLocalizer&lt;AccountText&gt;</c> reads AccountText.resx
/// (English, the neutral language) and AccountText.zh-CN.resx beside it.
/// </summary>
public sealed class AccountText;
