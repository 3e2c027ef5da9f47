function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** The sign-in form for the dashboard and http endpoints (the editor has its own). */
export function loginPage(next: string, error?: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · planbridge</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f4f6f8; display: flex; min-height: 100vh; align-items: center; justify-content: center; margin: 0; }
  form { background: #fff; padding: 32px; border-radius: 8px; box-shadow: 0 2px 12px rgba(0,0,0,.12); width: 320px; }
  h1 { font-size: 20px; margin: 0 0 20px; }
  label { display: block; font-size: 14px; margin: 12px 0 4px; }
  input { width: 100%; box-sizing: border-box; padding: 8px; font-size: 15px; border: 1px solid #bbb; border-radius: 4px; }
  button { margin-top: 20px; width: 100%; padding: 10px; font-size: 15px; background: #1f5fa8; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  .error { color: #b00020; font-size: 14px; margin-top: 12px; }
</style>
</head>
<body>
<form method="post" action="/login">
  <h1>planbridge</h1>
  <input type="hidden" name="next" value="${escapeHtml(next)}">
  <label for="username">User name</label>
  <input id="username" name="username" autocomplete="username" required autofocus>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required>
  ${error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : ''}
  <button type="submit" id="login-submit">Sign in</button>
</form>
</body>
</html>`;
}
