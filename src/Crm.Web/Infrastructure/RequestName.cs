namespace Crm.Web.Infrastructure;

/// <summary>The name a request goes by in logs and audit entries: "SetCulture" for <c>SetCulture.Command</c>.</summary>
public static class RequestName
{
    public static string Of(Type requestType) =>
        requestType.DeclaringType is { } slice && requestType.Name is "Command" or "Query"
            ? slice.Name
            : requestType.Name;
}
