// Server-Sent Events as a client reads them: the messages of a response body, each by its event
// name and its data line, as they arrive.
export async function* sseMessages(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<{ event: string | undefined; data: string | undefined }> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      yield { event: /^event: (.*)$/m.exec(message)?.[1], data: /^data: (.*)$/m.exec(message)?.[1] };
    }
  }
}
