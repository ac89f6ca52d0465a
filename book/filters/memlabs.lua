-- SPDX-License-Identifier: MIT
--[[
memlabs.lua - the book's pandoc filter: it weaves the real lab code into the
chapters, so the book cannot drift from the code. Any error stops the build.

In a chapter:

  ```{include="solutions/02-brk/bump.c#bump-alloc"}     a region: the lines
  ```                                                    between "// >>> bump-alloc"
                                                         and "// <<< bump-alloc"
                                                         (or "# >>>" ...), without
                                                         marker lines or skeleton
                                                         lines ("//| ...", what
                                                         solutions/make-skeletons
                                                         puts in the skeleton)
  ```{include="labs/02-brk/Makefile"}                    a whole file
  ```{include="labs/02-brk/heap.c" lines="10-24"}        a line range
  ```

  ```{.console run="./malloc_once 0"}                    run at build time in
  ```                                                    book/build/bin; shows
                                                         "$ command" and its output
                                                         (may-fail="yes": a failing
                                                         command is shown, not fatal)

  ```{.console run="./vabits" expect="2\\^47"}             expect="ERE": the build stops
  ```                                                    when the output does not
                                                         match (grep -E): the prose
                                                         says what it shows; "A && B":
                                                         each must match

  `0x100040`{run="size -A databss | ..."}                inline: the typed text is
  [0x100040]{run="..."}                                  replaced by the command's
                                                         one line of output (code
                                                         font / plain text)

  ::: solution                                           left out when the environment
  :::                                                    has MEMLABS_BOOK_SOLUTIONS=no

  ```{.console run="./brkdemo" needs="brkdemo"}         a lab's program: a note, not
  ```                                                    a failure, if it did not build
  ```{.console lab="03-mmap-threshold" run="build/compare m200000" needs="build/compare"}
  ```                                                    run in that lab's scratch copy

  ::: {.handout include="labs/01-segments/README.md"}    a lab handout, its headings
  :::                                                    shifted one level down, its
                                                         ids prefixed, its links
                                                         rewritten for the book

Checks made on the whole book: every included file and region exists, every
image exists, every internal link (#id) names an element of the book.

Paths are relative to the repository root (MEMLABS_ROOT, or two levels above
this file). Commands run in BOOK_BIN (default book/build/bin), or with lab=
in BOOK_LABS/<lab> (default book/build/labs), with LC_ALL=C. Environment:
BOOK_DRAFT=1 turns a missing handout into a placeholder (for writing the book
before a lab's handout exists; `make test` fails on it).
]]

local path = pandoc.path

local function fail(fmt, ...)
  io.stderr:write('memlabs-book: error: ' .. string.format(fmt, ...) .. '\n')
  os.exit(1)
end

local function warn(fmt, ...)
  io.stderr:write('memlabs-book: warning: ' .. string.format(fmt, ...) .. '\n')
end

local function script_dir()
  local f = PANDOC_SCRIPT_FILE or 'book/filters/memlabs.lua'
  return path.directory(path.normalize(f))
end

local ROOT = os.getenv('MEMLABS_ROOT')
  or path.normalize(path.join({ script_dir(), '..', '..' }))
local BIN = os.getenv('BOOK_BIN') or path.join({ ROOT, 'book', 'build', 'bin' })
-- The scratch copies of the labs with their reference built (book/Makefile).
local LABS = os.getenv('BOOK_LABS') or path.join({ ROOT, 'book', 'build', 'labs' })
local RESOURCE_DIRS = {
  path.join({ ROOT, 'book', 'build' }),
  path.join({ ROOT, 'book' }),
}

local function read_file(rel)
  local f = io.open(path.join({ ROOT, rel }), 'r')
  if not f then
    return nil
  end
  local text = f:read('a')
  f:close()
  return text
end

local function exists(p)
  local f = io.open(p, 'r')
  if f then
    f:close()
    return true
  end
  return false
end

local function split_lines(text)
  local lines = {}
  for line in (text .. (text:sub(-1) == '\n' and '' or '\n')):gmatch('(.-)\n') do
    lines[#lines + 1] = line
  end
  return lines
end

-- Lines a listing leaves out: region markers, and the skeleton's lines kept
-- in a reference file ("//| ..."; see solutions/make-skeletons).
local function is_marker(line)
  return line:match('^%s*//%s*>>>%s') or line:match('^%s*//%s*<<<%s')
    or line:match('^%s*#%s*>>>%s') or line:match('^%s*#%s*<<<%s')
    or line:match('^%s*//|') or line:match('^%s*#|')
end

-- The name of a ">>>" or "<<<" marker; a region the skeleton leaves out is
-- opened by "// >>> name (solution only)".
local function marker_name(line, arrows)
  for _, lead in ipairs({ '^%s*//%s*', '^%s*#%s*' }) do
    local name = line:match(lead .. arrows .. '%s+([%w%-_%.]+)%s*$')
      or line:match(lead .. arrows .. '%s+([%w%-_%.]+)%s+%(solution only%)%s*$')
    if name then
      return name
    end
  end
end

-- The lines of `region` in `lines`, without any marker lines inside it.
local function extract_region(lines, region, file)
  local first, last
  for i, line in ipairs(lines) do
    if marker_name(line, '>>>') == region then
      if first then
        fail('%s: region "%s" is marked twice (lines %d and %d)', file, region, first, i)
      end
      first = i
    elseif marker_name(line, '<<<') == region then
      if not first or last then
        fail('%s: "// <<< %s" at line %d has no matching "// >>> %s"', file, region, i, region)
      end
      last = i
    end
  end
  if not first then
    fail('%s: no region "%s" (expected a line "// >>> %s")', file, region, region)
  end
  if not last then
    fail('%s: region "%s" opened at line %d is never closed ("// <<< %s")', file, region, first, region)
  end
  local out = {}
  for i = first + 1, last - 1 do
    if not is_marker(lines[i]) then
      out[#out + 1] = lines[i]
    end
  end
  return out
end

-- Remove the indentation every non-blank line shares (a region inside a function).
local function dedent(lines)
  local common
  for _, line in ipairs(lines) do
    if line:match('%S') then
      local lead = line:match('^[ \t]*')
      if not common or #lead < #common then
        common = lead
      end
    end
  end
  if not common or common == '' then
    return lines
  end
  local out = {}
  for i, line in ipairs(lines) do
    out[i] = line:sub(1, #common) == common and line:sub(#common + 1) or line:match('^%s*(.-)$')
  end
  return out
end

local LANG_BY_EXT = {
  c = 'c', h = 'c', mk = 'makefile', sh = 'bash', md = 'markdown',
  py = 'python', lua = 'lua', txt = '', rep = '',
}

local function language_of(file)
  local base = path.filename(file)
  if base == 'Makefile' then
    return 'makefile'
  end
  return LANG_BY_EXT[base:match('%.([%w]+)$') or ''] or ''
end

local function include_code(el)
  local spec = el.attributes.include
  local file, region = spec:match('^([^#]+)#(.+)$')
  file = file or spec
  local text = read_file(file)
  if not text then
    fail('include: no file "%s" (paths are relative to the repository root)', file)
  end
  local lines = split_lines(text)
  local label = file
  if region then
    lines = dedent(extract_region(lines, region, file))
    label = file .. ' — ' .. region
  elseif el.attributes.lines then
    local a, b = el.attributes.lines:match('^(%d+)%-(%d+)$')
    a, b = tonumber(a), tonumber(b)
    if not a or a < 1 or b < a or b > #lines then
      fail('include: %s has %d lines; bad range "%s"', file, #lines, el.attributes.lines)
    end
    local out = {}
    for i = a, b do
      if not is_marker(lines[i]) then
        out[#out + 1] = lines[i]
      end
    end
    lines = out
    label = string.format('%s, lines %d–%d', file, a, b)
  else
    local out = {}
    for _, line in ipairs(lines) do
      if not is_marker(line) then
        out[#out + 1] = line
      end
    end
    lines = out
  end
  local classes = el.classes
  if #classes == 0 then
    local lang = language_of(file)
    if lang ~= '' then
      classes = { lang }
    end
  end
  local attrs = {}
  for k, v in pairs(el.attributes) do
    if k ~= 'include' and k ~= 'lines' then
      attrs[k] = v
    end
  end
  local code = pandoc.CodeBlock(table.concat(lines, '\n'), pandoc.Attr(el.identifier, classes, attrs))
  local caption = pandoc.Para({ pandoc.Code(label) })
  return pandoc.Div({ caption, code }, pandoc.Attr('', { 'listing' }))
end

-- The builder's absolute paths never reach the book: in what a command
-- prints, the repository's root (and the build's directories, were they
-- elsewhere) reads as a reader's checkout, ~/memlabs, and the script the
-- command ran from as "sh" (tests/book/check.sh checks the outputs).
local NEUTRAL = '~/memlabs'
local function neutral_paths(text, script)
  local function literal(s)
    return (s:gsub('%p', '%%%0'))
  end
  local swaps = {
    { script, 'sh' },
    { BIN, path.join({ NEUTRAL, 'book', 'build', 'bin' }) },
    { LABS, path.join({ NEUTRAL, 'book', 'build', 'labs' }) },
    { ROOT, NEUTRAL },
  }
  for _, s in ipairs(swaps) do
    if s[1]:match('^/.') then -- absolute paths only (a relative '.' is everywhere)
      text = text:gsub(literal(s[1]), (s[2]:gsub('%%', '%%%%')))
    end
  end
  return text
end

-- Run a shell command in dir; return its output (stdout and stderr) and exit
-- status (the output with neutral paths).
local function run(cmd, dir)
  local tmp = os.tmpname()
  local f = io.open(tmp, 'w')
  f:write(cmd, '\n')
  f:close()
  local sh = string.format("cd '%s' && PATH='%s':\"$PATH\" LC_ALL=C sh '%s' 2>&1; echo \"@@status=$?\"",
    dir, BIN, tmp)
  local p = io.popen(sh, 'r')
  local out = p:read('a')
  p:close()
  os.remove(tmp)
  local status = tonumber(out:match('@@status=(%d+)%s*$'))
  out = out:gsub('@@status=%d+%s*$', '')
  return neutral_paths(out, tmp), status
end

-- expect="ERE": the prose next to a command states something about its
-- output; the build stops when the output no longer matches (grep -E).
-- Several patterns separated by " && " must each match some line.
local function check_expect(cmd, out, expect)
  if not expect then
    return
  end
  local tmp = os.tmpname()
  local f = io.open(tmp, 'w')
  f:write(out)
  f:close()
  local bad
  for pattern in (expect .. ' && '):gmatch('(.-) && ') do
    local q = "'" .. pattern:gsub("'", "'\\''") .. "'"
    if not os.execute('LC_ALL=C grep -E -q -e ' .. q .. " '" .. tmp .. "'") then
      bad = pattern
      break
    end
  end
  os.remove(tmp)
  if bad then
    fail('run: the output of "%s" no longer matches expect="%s" (the prose that quotes it is out of date):\n%s',
      cmd, bad, out)
  end
end

local function run_code(el)
  local cmd = el.attributes.run
  -- needs="prog": a lab's program; if its lab did not build, say so instead.
  local needs = el.attributes.needs
  -- lab="03-mmap-threshold": run in that lab's scratch copy, as a student
  -- would in labs/03-mmap-threshold (commands like build/switchpoint).
  local dir = el.attributes.lab and path.join({ LABS, el.attributes.lab }) or BIN
  if needs and not exists(path.join({ dir, needs })) then
    warn('run: "%s" not built (its lab did not build); the book shows a note instead of "%s"', needs, cmd)
    return pandoc.Div({ pandoc.Para({ pandoc.Emph({ pandoc.Str(
      'The output of this command is missing from this copy of the book: the program '),
      pandoc.Code(needs), pandoc.Str(' did not build when the book was built. Run '),
      pandoc.Code(cmd), pandoc.Str(' yourself.') }) }) }, pandoc.Attr('', { 'note' }))
  end
  local out, status = run(cmd, dir)
  local may_fail = el.attributes['may-fail'] == 'yes'
  if status ~= 0 and not may_fail then
    fail('run: "%s" exited with status %s:\n%s', cmd, tostring(status), out)
  end
  if status == 0 then -- a refused command (may-fail) shows its failure instead
    check_expect(cmd, out, el.attributes.expect)
  end
  out = out:gsub('\n+$', '')
  local shown = el.attributes.show or cmd
  local text = '$ ' .. shown .. (out ~= '' and ('\n' .. out) or '')
  if status ~= 0 then
    text = text .. string.format('\n[exit status %d]', status)
  end
  local attrs = {}
  for k, v in pairs(el.attributes) do
    if k ~= 'run' and k ~= 'show' and k ~= 'may-fail' and k ~= 'needs' and k ~= 'lab' and k ~= 'expect' then
      attrs[k] = v
    end
  end
  local classes = el.classes
  if #classes == 0 then
    classes = { 'console' }
  end
  return pandoc.CodeBlock(text, pandoc.Attr(el.identifier, classes, attrs))
end

-- `typed text`{run="command"} or [typed text]{run="command"}: a number in
-- the prose that the build prints. The command runs like a block's (in
-- BOOK_BIN, or lab="..."), must succeed and print one non-empty line, and
-- its output replaces the typed text (in code font for `...`, plain for
-- [...]); expect="ERE" checks it as for a block. may-fail="yes": a command
-- the machine refuses (setarch, strace) leaves a note, not a failure.
local function run_inline(el)
  local cmd = el.attributes.run
  if not cmd then
    return nil
  end
  local dir = el.attributes.lab and path.join({ LABS, el.attributes.lab }) or BIN
  local out, status = run(cmd, dir)
  if status ~= 0 and el.attributes['may-fail'] == 'yes' then
    -- a machine that refuses the command (setarch, strace): say so, never
    -- show the typed text as if it had been measured
    return pandoc.Emph({ pandoc.Str('(not measured: '), pandoc.Code(cmd),
      pandoc.Str(' failed when the book was built)') })
  end
  if status ~= 0 then
    fail('run (inline): "%s" exited with status %s:\n%s', cmd, tostring(status), out)
  end
  out = out:gsub('^%s+', ''):gsub('%s+$', '')
  if out == '' or out:find('\n') then
    fail('run (inline): "%s" must print one non-empty line; it printed:\n%s', cmd, out)
  end
  check_expect(cmd, out, el.attributes.expect)
  if el.t == 'Code' then
    return pandoc.Code(out, pandoc.Attr(el.identifier, el.classes, {}))
  end
  return pandoc.Span(pandoc.Inlines(out), pandoc.Attr(el.identifier, el.classes, {}))
end

local function code_block(el)
  if el.attributes.include then
    return include_code(el)
  elseif el.attributes.run then
    return run_code(el)
  end
end

-- The id of the first heading of a chapter file (for links from handouts).
local chapter_ids = {}
local function chapter_id(rel)
  if chapter_ids[rel] == nil then
    local text = read_file(rel)
    if not text then
      return nil
    end
    local doc = pandoc.read(text, 'markdown')
    chapter_ids[rel] = false
    for _, b in ipairs(doc.blocks) do
      if b.t == 'Header' then
        chapter_ids[rel] = b.identifier
        break
      end
    end
  end
  return chapter_ids[rel] or nil
end

local function is_url(target)
  return target:match('^%a[%w+.-]*:') ~= nil
end

-- A handout's links, images and ids, made right for the book.
local function adapt_handout(blocks, dir, prefix, shift, file)
  local function fix_id(id)
    return id ~= '' and (prefix .. '-' .. id) or id
  end
  return pandoc.walk_block(pandoc.Div(blocks), {
    Header = function(h)
      h.level = math.min(h.level + shift, 6)
      h.identifier = fix_id(h.identifier)
      return h
    end,
    Div = function(d) d.identifier = fix_id(d.identifier); return d end,
    Span = function(s) s.identifier = fix_id(s.identifier); return s end,
    CodeBlock = function(c) c.identifier = fix_id(c.identifier); return c end,
    Image = function(img)
      if not is_url(img.src) then
        local rel = path.normalize(path.join({ dir, img.src }))
        if not exists(path.join({ ROOT, rel })) then
          fail('%s: image "%s" not found', file, img.src)
        end
        img.src = path.join({ ROOT, rel })
      end
      return img
    end,
    Link = function(link)
      local t = link.target
      if is_url(t) then
        return link
      end
      if t:sub(1, 1) == '#' then
        link.target = '#' .. prefix .. '-' .. t:sub(2)
        return link
      end
      local target, anchor = t:match('^([^#]*)#?(.*)$')
      local rel = path.normalize(path.join({ dir, target }))
      if rel:match('^book/chapters/.+%.md$') then
        local id = anchor ~= '' and anchor or chapter_id(rel)
        if not id then
          fail('%s: link to missing chapter "%s"', file, t)
        end
        link.target = '#' .. id
        return link
      end
      if rel:match('^book/build/.+%.html$') and anchor ~= '' then
        link.target = '#' .. anchor
        return link
      end
      if not exists(path.join({ ROOT, rel })) then
        fail('%s: link to "%s": no such file in the repository', file, t)
      end
      -- A file of the repository: the reader has it, the book names it.
      local content = link.content
      local shown = pandoc.utils.stringify(content)
      if shown == target or shown == rel then
        return pandoc.Code(rel)
      end
      content:insert(pandoc.Str(' ('))
      content:insert(pandoc.Code(rel))
      content:insert(pandoc.Str(')'))
      return content
    end,
  }).content
end

local function include_handout(el)
  local file = el.attributes.include
  local text = read_file(file)
  if not text and os.getenv('BOOK_DRAFT') == '1' then
    warn('handout "%s" missing (BOOK_DRAFT=1: a placeholder instead)', file)
    text = '# (handout not written yet: ' .. file .. ')\n'
  end
  if not text then
    fail('handout: no file "%s"', file)
  end
  -- Handouts are READMEs, read on forges too: their links use GitHub's ids.
  local doc = pandoc.read(text, 'markdown+gfm_auto_identifiers')
  local dir = path.directory(file)
  local prefix = el.attributes['id-prefix'] or path.filename(dir)
  local shift = tonumber(el.attributes.shift or '1')
  local blocks = adapt_handout(doc.blocks, dir, prefix, shift, file)
  -- Code includes inside a handout work too.
  blocks = pandoc.walk_block(pandoc.Div(blocks), { CodeBlock = code_block }).content
  el.content = blocks
  el.attributes.include = nil
  el.attributes['id-prefix'] = nil
  el.attributes.shift = nil
  return el
end

-- MEMLABS_BOOK_SOLUTIONS=no: an edition for a course that keeps the
-- reference private; every ::: solution block becomes a short note.
local function div(el)
  if el.classes:includes('solution') and os.getenv('MEMLABS_BOOK_SOLUTIONS') == 'no' then
    return pandoc.Div({ pandoc.Para({ pandoc.Emph({ pandoc.Str(
      'The walk through the reference solution is left out of this edition of the book.') }) }) },
      pandoc.Attr(el.identifier, { 'note' }))
  end
  if el.attributes.include then
    return include_handout(el)
  end
end

local function image(img)
  if is_url(img.src) and not img.src:match('^data:') then
    fail('image "%s": the book uses local figures only', img.src)
  end
  if img.src:match('^data:') or img.src:sub(1, 1) == '/' and exists(img.src) then
    return nil
  end
  for _, d in ipairs(RESOURCE_DIRS) do
    if exists(path.join({ d, img.src })) then
      return nil
    end
  end
  fail('figure "%s" not found (looked in book/build and book)', img.src)
end

-- Every internal link must name an element of the book.
local function check_links(doc)
  local ids = {}
  local function add(el)
    if el.identifier and el.identifier ~= '' then
      ids[el.identifier] = true
    end
  end
  pandoc.walk_block(pandoc.Div(doc.blocks), {
    Header = add, Div = add, Span = add, CodeBlock = add, Image = add, Link = add,
  })
  local missing = {}
  pandoc.walk_block(pandoc.Div(doc.blocks), {
    Link = function(link)
      local id = link.target:match('^#(.+)$')
      if id and not ids[id] then
        missing[#missing + 1] = '#' .. id .. ' ("' .. pandoc.utils.stringify(link.content) .. '")'
      end
    end,
  })
  if #missing > 0 then
    fail('broken internal links:\n  %s', table.concat(missing, '\n  '))
  end
  return doc
end

return {
  { Div = div },
  { CodeBlock = code_block },
  -- after the blocks: an inline run may read a file a block's command wrote
  { Code = run_inline, Span = run_inline },
  { Image = image },
  { Pandoc = check_links },
}
