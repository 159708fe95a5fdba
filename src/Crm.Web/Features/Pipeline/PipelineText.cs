namespace Crm.Web.Features.Pipeline;

/// <summary>The marker type of the pipeline's strings: PipelineText.resx (English) and PipelineText.zh-CN.resx.</summary>
public sealed class PipelineText;
