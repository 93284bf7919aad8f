// The libedit half of CShim: a line editor on libedit's native API, whose el_set/history calls
// are variadic and cannot be made from Swift.
#include "CShim.h"

#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CANDIDATES 4096

struct novush_editor {
    EditLine *el;
    History *hist;
    HistEvent ev;
    FILE *out;
    char *prompt;
    int cancelled;
    novush_complete_fn complete;
    void *complete_context;
    char *candidates[MAX_CANDIDATES];
    int candidate_count;
    char *line;
};

static char *prompt_fn(EditLine *el) {
    novush_editor *ed = NULL;
    el_get(el, EL_CLIENTDATA, &ed);
    return (ed && ed->prompt) ? ed->prompt : "> ";
}

// Ctrl-C while editing: end the line and mark it cancelled (ISIG is off, so no signal comes).
// Returning CC_NEWLINE directly would leave the terminal cursor where it was (possibly in the
// middle of the text), so the next prompt would be drawn over the cancelled line. Instead, move
// to the end, show "^C" as shells do, and push a newline: libedit's own ed-newline then moves
// below the line and ends el_gets, which sees the flag.
static unsigned char cancel_fn(EditLine *el, int ch) {
    (void)ch;
    novush_editor *ed = NULL;
    el_get(el, EL_CLIENTDATA, &ed);
    if (ed) ed->cancelled = 1;
    const LineInfoW *info = el_wline(el);
    el_cursor(el, (int)(info->lastchar - info->cursor));
    el_insertstr(el, "^C");
    el_push(el, "\n");
    return CC_REFRESH;
}

static void clear_candidates(novush_editor *ed) {
    for (int i = 0; i < ed->candidate_count; i++) free(ed->candidates[i]);
    ed->candidate_count = 0;
}

void novush_editor_add_completion(novush_editor *ed, const char *candidate) {
    if (ed->candidate_count < MAX_CANDIDATES) ed->candidates[ed->candidate_count++] = strdup(candidate);
}

static size_t common_prefix(novush_editor *ed) {
    size_t n = strlen(ed->candidates[0]);
    for (int i = 1; i < ed->candidate_count; i++) {
        size_t j = 0;
        while (j < n && ed->candidates[i][j] == ed->candidates[0][j]) j++;
        n = j;
    }
    return n;
}

static int compare_strings(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_candidates(novush_editor *ed) {
    qsort(ed->candidates, (size_t)ed->candidate_count, sizeof(char *), compare_strings);
    size_t width = 0;
    for (int i = 0; i < ed->candidate_count; i++) {
        size_t len = strlen(ed->candidates[i]);
        if (len > width) width = len;
    }
    width += 2;
    int columns = (int)(80 / width);
    if (columns < 1) columns = 1;
    fputc('\n', ed->out);
    for (int i = 0; i < ed->candidate_count; i++) {
        fprintf(ed->out, "%-*s", (int)width, ed->candidates[i]);
        if ((i + 1) % columns == 0 || i + 1 == ed->candidate_count) fputc('\n', ed->out);
    }
    fflush(ed->out);
}

static unsigned char complete_fn(EditLine *el, int ch) {
    (void)ch;
    novush_editor *ed = NULL;
    el_get(el, EL_CLIENTDATA, &ed);
    if (!ed || !ed->complete) return CC_ERROR;
    const LineInfo *info = el_line(el);
    int cursor = (int)(info->cursor - info->buffer);
    size_t length = (size_t)(info->lastchar - info->buffer);
    char *copy = malloc(length + 1);
    if (!copy) return CC_ERROR;
    memcpy(copy, info->buffer, length);
    copy[length] = 0;
    clear_candidates(ed);
    int replace = ed->complete(ed, copy, cursor, ed->complete_context);
    if (replace > cursor) replace = cursor;
    // The completer counts bytes; el_deletestr counts characters.
    int replace_chars = 0;
    for (int i = cursor - (replace > 0 ? replace : 0); i < cursor; i++) {
        if (((unsigned char)copy[i] & 0xC0) != 0x80) replace_chars++;
    }
    free(copy);
    if (ed->candidate_count == 0 || replace < 0) return CC_REFRESH_BEEP;
    size_t prefix = ed->candidate_count == 1 ? strlen(ed->candidates[0]) : common_prefix(ed);
    // Never cut a UTF-8 sequence in half (el_insertstr would reject it).
    while (prefix > 0 && ((unsigned char)ed->candidates[0][prefix] & 0xC0) == 0x80) prefix--;
    unsigned char result = CC_REFRESH;
    if (prefix > (size_t)replace) {
        char *insert = strndup(ed->candidates[0], prefix);
        if (replace_chars > 0) el_deletestr(el, replace_chars);
        el_insertstr(el, insert);
        free(insert);
    } else if (ed->candidate_count > 1) {
        list_candidates(ed);
        result = CC_REDISPLAY;
    }
    clear_candidates(ed);
    return result;
}

novush_editor *novush_editor_open(const char *program, FILE *in, FILE *out, FILE *err) {
    novush_editor *ed = calloc(1, sizeof *ed);
    if (!ed) return NULL;
    ed->el = el_init(program, in, out, err);
    if (!ed->el) {
        free(ed);
        return NULL;
    }
    ed->out = out;
    ed->hist = history_init();
    history(ed->hist, &ed->ev, H_SETSIZE, 1000);
    history(ed->hist, &ed->ev, H_SETUNIQUE, 1);
    el_set(ed->el, EL_CLIENTDATA, ed);
    el_set(ed->el, EL_EDITOR, "emacs");
    el_set(ed->el, EL_SIGNAL, 1);
    el_set(ed->el, EL_HIST, history, ed->hist);
    el_set(ed->el, EL_PROMPT_ESC, prompt_fn, '\1');
    el_set(ed->el, EL_ADDFN, "novush-complete", "Complete the word before the cursor", complete_fn);
    el_set(ed->el, EL_BIND, "^I", "novush-complete", NULL);
    el_set(ed->el, EL_ADDFN, "novush-cancel", "Cancel the line", cancel_fn);
    el_set(ed->el, EL_BIND, "^C", "novush-cancel", NULL);
    el_set(ed->el, EL_SETTY, "-d", "-isig", NULL);
    el_source(ed->el, NULL);
    return ed;
}

void novush_editor_close(novush_editor *ed) {
    if (!ed) return;
    clear_candidates(ed);
    el_end(ed->el);
    history_end(ed->hist);
    free(ed->prompt);
    free(ed->line);
    free(ed);
}

void novush_editor_set_prompt(novush_editor *ed, const char *prompt) {
    free(ed->prompt);
    ed->prompt = strdup(prompt);
}

void novush_editor_set_completer(novush_editor *ed, novush_complete_fn fn, void *context) {
    ed->complete = fn;
    ed->complete_context = context;
}

const char *novush_editor_gets(novush_editor *ed, int *length, int *status) {
    ed->cancelled = 0;
    int count = 0;
    const char *line = el_gets(ed->el, &count);
    if (ed->cancelled) {
        *status = NOVUSH_LINE_CANCELLED;
        *length = 0;
        return "";
    }
    if (line == NULL || count <= 0) {
        // Leave the terminal on a fresh line, as the line would have after Enter.
        fputc('\n', ed->out);
        fflush(ed->out);
        *status = NOVUSH_LINE_EOF;
        *length = 0;
        return NULL;
    }
    free(ed->line);
    ed->line = strndup(line, (size_t)count);
    size_t n = strlen(ed->line);
    while (n > 0 && (ed->line[n - 1] == '\n' || ed->line[n - 1] == '\r')) ed->line[--n] = 0;
    *status = NOVUSH_LINE_OK;
    *length = (int)n;
    return ed->line;
}

void novush_editor_history_add(novush_editor *ed, const char *line) {
    history(ed->hist, &ed->ev, H_ENTER, line);
}

int novush_editor_history_load(novush_editor *ed, const char *path) {
    return history(ed->hist, &ed->ev, H_LOAD, path);
}

int novush_editor_history_save(novush_editor *ed, const char *path) {
    return history(ed->hist, &ed->ev, H_SAVE, path);
}

void novush_editor_history_size(novush_editor *ed, int size) {
    history(ed->hist, &ed->ev, H_SETSIZE, size);
}

int novush_setup_locale(void) {
    setlocale(LC_CTYPE, "");
    if (MB_CUR_MAX > 1) return 1;
    if (setlocale(LC_CTYPE, "C.UTF-8") != NULL && MB_CUR_MAX > 1) return 1;
    return 0;
}
