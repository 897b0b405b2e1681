using System.Net.Http.Headers;
using System.Net.Http.Json;
using Parley.Tests.Infrastructure;

namespace Parley.Tests.Attachments;

/// <summary>Small files whose first bytes are what their type says, and the upload call.</summary>
internal static class Files
{
    public static byte[] Png(int size = 300) => WithHead([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], size);

    public static byte[] Jpeg(int size = 300) => WithHead([0xFF, 0xD8, 0xFF, 0xE0], size);

    public static byte[] Pdf(int size = 300) => WithHead("%PDF-1.7\n"u8.ToArray(), size);

    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] content, string contentType, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "file", fileName);
        return await client.PostAsync("/api/v1/attachments", form);
    }

    public static async Task<Json.Attachment> UploadedAsync(this HttpClient client, byte[] content, string contentType = "image/png", string fileName = "photo.png")
    {
        var response = await client.UploadAsync(content, contentType, fileName);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Json.Attachment>())!;
    }

    private static byte[] WithHead(byte[] head, int size)
    {
        var bytes = new byte[Math.Max(size, head.Length)];
        new Random(size).NextBytes(bytes);
        head.CopyTo(bytes, 0);
        return bytes;
    }
}
