using Microsoft.AspNetCore.OpenApi;

namespace Parley.Platform.OpenApi;

/// <summary>
/// /openapi/v1.json: the contract the web app's typed client is generated from. Everything in it is
/// derived from endpoint metadata and C# types (names, problem responses, security, parameters), so a
/// new endpoint is described correctly without touching this folder; only request examples are written
/// by hand (<see cref="RequestExamples"/>).
/// </summary>
public static class OpenApiExtensions
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddParleyOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.CreateSchemaReferenceId = SchemaNames.ReferenceId;
            options.AddDocumentTransformer<ContractTransformer>();
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(OneOfAttribute), inherit: false) is [OneOfAttribute oneOf, ..])
                    ContractTransformer.Enumerate(schema, oneOf);
                return Task.CompletedTask;
            });
        });
}
