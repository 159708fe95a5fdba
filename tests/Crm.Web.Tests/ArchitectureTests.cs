using System.Reflection;
using Crm.Data;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests;

/// <summary>Rules of the code that keep access in one place.</summary>
public sealed class ArchitectureTests
{
    /// <summary>
    /// Handlers reach the database only through the user-bound context factory, so the row-level filters and the
    /// write guard apply to everything they do. A handler that took a context or its options could bypass them.
    /// </summary>
    [Fact]
    public void No_handler_takes_a_database_context_or_its_options_directly()
    {
        var handlers = typeof(WebDependencyInjection).Assembly.GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)))
            .ToList();

        var offending = handlers
            .SelectMany(h => h.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .SelectMany(c => c.GetParameters())
                .Where(p => p.ParameterType == typeof(CrmDbContext) || p.ParameterType == typeof(DbContextOptions<CrmDbContext>)
                            || p.ParameterType == typeof(DbContextOptions))
                .Select(p => $"{h.FullName}({p.ParameterType.Name} {p.Name})"))
            .ToList();

        Assert.NotEmpty(handlers);
        Assert.Empty(offending);
    }
}
