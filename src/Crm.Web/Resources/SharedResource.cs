namespace Crm.Web.Resources;

/// <summary>
/// The marker type of the app's strings: <c>IStringLocalizer&lt;SharedResource&gt;</c> reads SharedResource.resx (English,
/// the neutral language) and SharedResource.zh-CN.resx.
/// </summary>
public sealed class SharedResource;
