namespace Crm.Web.Features.Meetings;

/// <summary>The marker type of the meetings' strings: MeetingsText.resx (English) and MeetingsText.zh-CN.resx.</summary>
public sealed class MeetingsText;
