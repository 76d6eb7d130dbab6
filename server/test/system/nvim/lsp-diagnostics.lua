-- The Neovim side of server/test/system/neovim-lsp.test.ts: Neovim's own LSP client, headless, runs a
-- language server over stdio, opens one file and reports what the server published for it, read back
-- the way a Neovim user sees it (vim.diagnostic). Uses only what Neovim 0.7.2 (Debian bookworm) has:
-- vim.lsp.start_client, vim.lsp.buf_attach_client, vim.wait, vim.diagnostic.get.
--
-- Run:  nvim --headless -u NONE -i NONE -n -c "luafile lsp-diagnostics.lua"
-- Environment:
--   HTTP_RESILIENCE_LSP_CMD         the server command, a JSON array: ["node", "dist/server.js", "--stdio"]
--   HTTP_RESILIENCE_LSP_FILE        the file to open
--   HTTP_RESILIENCE_LSP_MIN         how many diagnostics the file must get at least (default 1)
--   HTTP_RESILIENCE_LSP_TIMEOUT_MS  how long to wait for them (default 20000)
-- Result: exit status 0 and one JSON line on stdout,
--   { "nvim": "0.7.2", "uri": "file:///…", "diagnostics": [ { "line", "col", "severity", "source", "message" } ] }
--   with 1-based lines and columns, sorted; or exit status 1 and the reason on stderr. It never waits
--   longer than the timeout (plus up to 2 s to stop the server), so a caller's kill is only a last resort.

local stop_wait_ms = 2000

-- An expected failure: its reason is printed as it is (other errors get a traceback).
local function fail(reason) error({ reason = reason }) end

local function env_number(name, default)
  local text = vim.env[name]
  if text == nil or text == '' then return default end
  local value = tonumber(text)
  if value == nil then fail(name .. ' is not a number: ' .. text) end
  return value
end

-- Stops the client (if any), then leaves Neovim with `status`.
local function leave(status, client_id)
  if client_id ~= nil and not vim.lsp.client_is_stopped(client_id) then
    vim.lsp.stop_client(client_id)
    if not vim.wait(stop_wait_ms, function() return vim.lsp.client_is_stopped(client_id) end, 20) then
      vim.lsp.stop_client(client_id, true) -- force: the server did not end by itself
    end
  end
  if status == 0 then
    vim.cmd('qall!')
  else
    vim.cmd('cquit ' .. status)
  end
end

local client_id = nil

local function main()
  local command_json = vim.env.HTTP_RESILIENCE_LSP_CMD
  local file = vim.env.HTTP_RESILIENCE_LSP_FILE
  if command_json == nil or command_json == '' then fail('HTTP_RESILIENCE_LSP_CMD is not set') end
  if file == nil or file == '' then fail('HTTP_RESILIENCE_LSP_FILE is not set') end
  local command = vim.fn.json_decode(command_json)
  if type(command) ~= 'table' or #command == 0 then fail('HTTP_RESILIENCE_LSP_CMD is not a JSON array of strings') end
  local wanted = env_number('HTTP_RESILIENCE_LSP_MIN', 1)
  local timeout_ms = env_number('HTTP_RESILIENCE_LSP_TIMEOUT_MS', 20000)
  if vim.fn.filereadable(file) ~= 1 then fail('cannot read ' .. file) end

  -- Filetype detection only (no plugins, no user config): the server is told languageId "typescript".
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buffer = vim.api.nvim_get_current_buf()

  local published = -1 -- size of the last publishDiagnostics for this buffer; -1 = none yet
  local server_ended = nil
  local default_publish = vim.lsp.handlers['textDocument/publishDiagnostics']

  client_id = vim.lsp.start_client({
    name = 'http-resilience',
    cmd = command,
    root_dir = vim.fn.getcwd(),
    handlers = {
      -- Neovim's own handler stores the diagnostics; this one only notes that they came.
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        default_publish(err, result, ctx, config)
        if result ~= nil and vim.uri_to_bufnr(result.uri) == buffer then published = #result.diagnostics end
      end,
    },
    on_exit = function(code, signal)
      server_ended = 'the server ended (exit code ' .. tostring(code) .. ', signal ' .. tostring(signal) .. ')'
    end,
  })
  if client_id == nil then fail('could not start ' .. table.concat(command, ' ')) end
  vim.lsp.buf_attach_client(buffer, client_id)

  local arrived = vim.wait(timeout_ms, function() return published >= wanted or server_ended ~= nil end, 25)
  if published < wanted then
    local why = server_ended
      or (not arrived and ('no publishDiagnostics with at least ' .. wanted .. ' items for ' .. file .. ' within ' .. timeout_ms .. ' ms'))
      or 'the wait ended early'
    if published >= 0 then why = why .. ' (the last one had ' .. published .. ')' end
    fail(why)
  end

  local diagnostics = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(buffer)) do
    table.insert(diagnostics, {
      line = diagnostic.lnum + 1,
      col = diagnostic.col + 1,
      severity = diagnostic.severity,
      source = diagnostic.source,
      message = diagnostic.message,
    })
  end
  table.sort(diagnostics, function(a, b)
    if a.line ~= b.line then return a.line < b.line end
    return a.col < b.col
  end)
  local version = vim.version()
  io.stdout:write(vim.fn.json_encode({
    nvim = string.format('%d.%d.%d', version.major, version.minor, version.patch),
    uri = vim.uri_from_bufnr(buffer),
    diagnostics = diagnostics,
  }) .. '\n')
  io.stdout:flush()
end

local ok, failure = xpcall(main, function(err)
  if type(err) == 'table' and err.reason ~= nil then return err.reason end
  return debug.traceback(tostring(err), 2)
end)
if ok then
  leave(0, client_id)
else
  io.stderr:write('lsp-diagnostics.lua: ' .. tostring(failure) .. '\n')
  io.stderr:flush()
  leave(1, client_id)
end
