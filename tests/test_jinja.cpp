// Jinja subset for chat templates: the fixture renders (chat-renders.json, bpe-cases.json), every construct
// of the subset and real-world template shapes against outputs of Python's Jinja2, errors and bounds.
#include "catch_error.h"
#include "testutil.h"

#include "chat_templates/jinja.h"
#include "owq/error.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;
using owq::ErrorKind;
using owq::jinja::RenderOptions;
using owq::jinja::Template;

namespace {

using owqtest::catchError;
using owqtest::contains;
using owqtest::idsToString;
using owqtest::validUtf8;

// Generated expectations: every output below was rendered by Python Jinja2 3.1.6 configured as transformers
// configures it (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, json.dumps tojson,
// strftime_now pinned to '26 Jul 2024'), then pasted here. Python is not used at test time.
struct RenderCase {
    const char* name;
    const char* source;
    const char* context; // JSON object
    const char* expected;
};

const RenderCase kConstructCases[] = {
    {"text", "plain text", "{}", "plain text"},
    {"trailing_newline_dropped", "a\n", "{}", "a"},
    {"two_trailing_newlines",
     "a\n"
     "\n",
     "{}", "a\n"},
    {"crlf_normalized",
     "a\r\n"
     "b\rc",
     "{}",
     "a\n"
     "b\n"
     "c"},
    {"comment", "a{# note #}b", "{}", "ab"},
    {"comment_trim_blocks",
     "a\n"
     "{# note #}\n"
     "b",
     "{}",
     "a\n"
     "b"},
    {"comment_lstrip",
     "a\n"
     "   {# note #}\n"
     "b",
     "{}",
     "a\n"
     "b"},
    {"trim_blocks",
     "{% if true %}\n"
     "yes\n"
     "{% endif %}\n"
     "end",
     "{}",
     "yes\n"
     "end"},
    {"lstrip_blocks",
     "x\n"
     "    {% if true %}\n"
     "    y\n"
     "    {% endif %}\n"
     "z",
     "{}",
     "x\n"
     "    y\n"
     "z"},
    {"lstrip_not_mid_line", "x  {% if true %}y{% endif %}", "{}", "x  y"},
    {"var_not_lstripped",
     "x\n"
     "    {{ 'v' }}\n",
     "{}",
     "x\n"
     "    v"},
    {"minus_controls",
     "a  \n"
     "  {%- if true -%}  \n"
     "  b  \n"
     "  {%- endif -%}  \n"
     "  c",
     "{}", "abc"},
    {"var_minus", "a  {{- 'x' -}}  b", "{}", "axb"},
    {"plus_disables_lstrip",
     "x\n"
     "    {%+ if true %}y{% endif %}",
     "{}",
     "x\n"
     "    y"},
    {"plus_disables_trim",
     "{% if true +%}\n"
     "y{% endif %}",
     "{}",
     "\n"
     "y"},
    {"raw_block", "{% raw %}{{ not evaluated }}{% endraw %}", "{}", "{{ not evaluated }}"},
    {"generation_noop", "{% generation %}gen {{ 1 }}{% endgeneration %}", "{}", "gen 1"},
    {"print_scalars",
     "{{ 1 }} {{ -2 }} {{ 1.0 }} {{ 0.5 }} {{ 1e20 }} {{ 1.5e-7 }} {{ true }} {{ False }} {{ none }} {{ None "
     "}}",
     "{}", "1 -2 1.0 0.5 1e+20 1.5e-07 True False None None"},
    {"print_containers",
     "{{ [1, 'a', none, true, 2.5] }} {{ {'k': 'v', 'n': [1]} }} {{ (1,) }} {{ (1, 'b') }} {{ () }}", "{}",
     "[1, 'a', None, True, 2.5] {'k': 'v', 'n': [1]} (1,) (1, 'b') ()"},
    {"print_repr_quotes", "{{ [\"it's\", 'say \"hi\"', 'both \\' \"', 'nl\\n', 'tab\\t'] }}", "{}",
     "[\"it's\", 'say \"hi\"', 'both \\' \"', 'nl\\n', 'tab\\t']"},
    {"string_escapes", "{{ 'a\\nb\\tc\\\\d\\'e\\\"f' }}|{{ \"\\u00e9\\x41\" }}|{{ 'keep\\q' }}", "{}",
     "a\n"
     "b\tc\\d'e\"f|éA|keep\\q"},
    {"adjacent_strings", "{{ 'a' 'b' \"c\" }}", "{}", "abc"},
    {"integers", "{{ 1_000 }} {{ 0x1F }} {{ 0b101 }} {{ 0o17 }}", "{}", "1000 31 5 15"},
    {"undefined_prints_empty", "[{{ missing }}][{{ d.missing }}][{{ d['missing'] }}]",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "[][][]"},
    {"print_context_values", "{{ d }} {{ l }} {{ s }} {{ n }} {{ t }} {{ f }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "{'b': 2, 'a': 1} [3, 1, 2] Hello World None True 1.5"},
    {"arith_int",
     "{{ 7 + 3 }} {{ 7 - 10 }} {{ 7 * 3 }} {{ 7 / 2 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} "
     "{{ 2 ** 10 }} {{ 2 ** -1 }}",
     "{}", "10 -3 21 3.5 3 -4 1 2 1024 0.5"},
    {"arith_float", "{{ 0.1 + 0.2 }} {{ 1 + 2.5 }} {{ 7.5 // 2 }} {{ -7.5 % 2 }} {{ 10 / 4 }} {{ 6 / 3 }}",
     "{}", "0.30000000000000004 3.5 3.0 0.5 2.5 2.0"},
    {"bool_arith", "{{ true + 1 }} {{ true * 3 }}", "{}", "2 3"},
    {"string_ops", "{{ 'ab' + 'cd' }} {{ 'ab' * 3 }} {{ 2 * 'x' }} {{ 'n=' ~ 5 ~ none ~ true ~ missing }}",
     "{}", "abcd ababab xx n=5NoneTrue"},
    {"list_ops", "{{ [1] + [2, 3] }} {{ [0] * 3 }} {{ (1,) + (2,) }}", "{}", "[1, 2, 3] [0, 0, 0] (1, 2)"},
    {"unary", "{{ -(3) }} {{ +4 }} {{ -2.5 }} {{ - 3|abs }} {{ not 0 }} {{ not 'x' }}", "{}",
     "-3 4 -2.5 3 True False"},
    {"precedence",
     "{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 2 ** 3 ** 2 }} {{ 10 - 2 - 3 }} {{ 'a' ~ 2 * 3 }} {{ l|length - 1 "
     "}}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "7 9 64 5 a6 2"},
    {"comparisons",
     "{{ 1 == 1.0 }} {{ 1 != 2 }} {{ 1 < 2 }} {{ 2 <= 2 }} {{ 'a' < 'b' }} {{ [1, 2] < [1, 3] }} {{ 1 < 2 < "
     "3 }} {{ 3 > 2 > 2 }}",
     "{}", "True True True True True True True False"},
    {"equality_types",
     "{{ [1] == (1,) }} {{ {'a': 1, 'b': 2} == {'b': 2, 'a': 1} }} {{ none == none }} {{ missing == none }} "
     "{{ true == 1 }}",
     "{}", "False True True False True"},
    {"in_operator", "{{ 'ell' in s }} {{ 1 in l }} {{ 'a' in d }} {{ 5 not in l }} {{ 'x' in missing }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "True True True True False"},
    {"and_or_values",
     "{{ 0 or 'b' }} {{ 'a' and 'b' }} {{ '' and 'x' }} {{ none or [] }} {{ missing or 'dflt' }}", "{}",
     "b b  [] dflt"},
    {"inline_if",
     "{{ 'yes' if t else 'no' }} {{ 'yes' if n else 'no' }} [{{ 'only' if n }}] {{ 1 if false else 2 if "
     "false else 3 }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "yes no [] 3"},
    {"truthiness",
     "{% for v in [0, 1, '', 'a', [], [0], {}, {'a': 1}, none, 0.0, true] %}{{ 'T' if v else 'F' }}{% endfor "
     "%}",
     "{}", "FTFTFTFTFFT"},
    {"attr_item_access",
     "{{ messages[1]['role'] }} {{ messages[1].role }} {{ messages.1.content }} {{ messages[-1].content }}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"sys\"}, {\"role\": \"user\", \"content\": "
     "\"hi\"}, {\"role\": \"assistant\", \"content\": \"yo\"}]}",
     "user user hi yo"},
    {"dict_method_vs_key",
     "{{ d.get('a') }} {{ d.get('zz', 'no') }} {{ d.get('zz') }} {{ {'items': 5}['items'] }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "1 no None 5"},
    {"missing_attr_defined",
     "{{ messages[0].tool_calls is defined }} {{ messages[0].content is defined }} {{ d.nope is undefined }}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"sys\"}, {\"role\": \"user\", \"content\": "
     "\"hi\"}, {\"role\": \"assistant\", \"content\": \"yo\"}], \"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, "
     "2], \"s\": \"Hello World\", \"n\": null, \"t\": true, \"f\": 1.5}",
     "False True True"},
    {"slicing",
     "{{ l[1:] }} {{ l[:2] }} {{ l[::-1] }} {{ l[-2:] }} {{ l[::2] }} {{ l[5:] }} {{ s[:5] }} {{ s[::-1] }} "
     "{{ s[-5:] }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "[1, 2] [3, 1] [2, 1, 3] [1, 2] [3, 2] [] Hello dlroW olleH World"},
    {"string_index_unicode", "{{ 'héllo'[1] }} {{ 'héllo'[1:3] }} {{ 'héllo'|length }} {{ '日本語'[::-1] }}",
     "{}", "é él 5 語本日"},
    {"if_elif_else",
     "{% for x in [1, 2, 3] %}{% if x == 1 %}one{% elif x == 2 %}two{% else %}many{% endif %} {% endfor %}",
     "{}", "one two many "},
    {"for_loop_vars",
     "{% for x in 'abc' %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ "
     "loop.first }}{{ loop.last }}{{ loop.length }} {% endfor %}",
     "{}", "1032TrueFalse3 2121FalseFalse3 3210FalseTrue3 "},
    {"for_prev_next_cycle",
     "{% for x in [1, 2, 3] %}{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }}{{ loop.cycle('a', 'b') }}|{% "
     "endfor %}",
     "{}", "<1>2a|1<2>3b|2<3>a|"},
    {"for_dict_items",
     "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}{% for k in d %}{{ k }}{% endfor %}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "b=2;a=1;ba"},
    {"for_tuple_target", "{% for (a, b) in [(1, 2), (3, 4)] %}{{ a + b }} {% endfor %}", "{}", "3 7 "},
    {"for_filter",
     "{% for m in messages if m.role != 'system' %}{{ loop.index }}/{{ loop.length }}:{{ m.role }} {% endfor "
     "%}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"sys\"}, {\"role\": \"user\", \"content\": "
     "\"hi\"}, {\"role\": \"assistant\", \"content\": \"yo\"}]}",
     "1/2:user 2/2:assistant "},
    {"for_else",
     "{% for x in [] %}x{% else %}empty{% endfor %}|{% for x in [1] if x > 5 %}x{% else %}filtered{% endfor "
     "%}",
     "{}", "empty|filtered"},
    {"for_over_undefined", "[{% for x in missing %}x{% endfor %}]", "{}", "[]"},
    {"nested_loops",
     "{% for a in [1, 2] %}{% for b in 'xy' %}{{ a }}{{ b }}{{ loop.index }}{% endfor %}{{ loop.index }};{% "
     "endfor %}",
     "{}", "1x11y21;2x12y22;"},
    {"break_continue",
     "{% for i in range(10) %}{% if i is odd %}{% continue %}{% endif %}{% if i > 6 %}{% break %}{% endif "
     "%}{{ i }}{% endfor %}",
     "{}", "0246"},
    {"set_scoping",
     "{% set x = 1 %}{% for i in [1, 2] %}{{ x }}{% set x = x + 10 %}{{ x }},{% endfor %}{{ x }}", "{}",
     "111,111,1"},
    {"set_in_if_leaks", "{% if true %}{% set y = 'in-if' %}{% endif %}{{ y }}", "{}", "in-if"},
    {"set_tuple",
     "{% set a, b = 1, 'two' %}{{ a }} {{ b }}{% set t = (3, 4) %}{% set c, e = t %} {{ c * e }}", "{}",
     "1 two 12"},
    {"set_block",
     "{% set body %}  <{{ 1 + 1 }}>  {% endset %}[{{ body }}]{% set tr | trim | upper %}  x  {% endset %}[{{ "
     "tr }}]",
     "{}", "[  <2>  ][X]"},
    {"namespace",
     "{% set ns = namespace(count=0, found=false) %}{% for m in messages %}{% set ns.count = ns.count + 1 "
     "%}{% if m.role == 'user' %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.count }} {{ ns.found "
     "}} {{ ns }}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"sys\"}, {\"role\": \"user\", \"content\": "
     "\"hi\"}, {\"role\": \"assistant\", \"content\": \"yo\"}]}",
     "3 True <Namespace {'count': 3, 'found': True}>"},
    {"namespace_empty_then_set", "{% set ns = namespace() %}{% set ns.x = [1] %}{{ ns.x }}", "{}", "[1]"},
    {"with_block", "{% set a = 'outer' %}{% with a = 'inner', b = 2 %}{{ a }}{{ b }}{% endwith %} {{ a }}",
     "{}", "inner2 outer"},
    {"filter_block", "{% filter upper %}hello {{ 'world' }}{% endfilter %}", "{}", "HELLO WORLD"},
    {"macro_basic",
     "{% macro hi(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ hi('Al') }} {{ hi('Bo', '?') "
     "}} {{ hi(punct='.', name='Cy') }}",
     "{}", "Hi Al! Hi Bo? Hi Cy."},
    {"macro_default_refs_arg", "{% macro m(a, b=a * 2) %}{{ a }},{{ b }}{% endmacro %}{{ m(3) }}", "{}",
     "3,6"},
    {"macro_sees_globals",
     "{% macro m() %}{{ bos_token }}{{ later }}{% endmacro %}{% set later = 'L' %}{{ m() }}",
     "{\"bos_token\": \"<s>\"}", "<s>L"},
    {"macro_missing_arg_undefined",
     "{% macro m(a, b) %}[{{ a }}][{{ b }}]{{ b is defined }}{% endmacro %}{{ m(1) }}", "{}", "[1][]False"},
    {"macro_recursion",
     "{% macro fact(n) %}{% if n <= 1 %}1{% else %}{{ n * fact(n - 1)|int }}{% endif %}{% endmacro %}{{ "
     "fact(5) }}",
     "{}", "120"},
    {"macro_varargs_kwargs",
     "{% macro m(a) %}{{ a }}{{ varargs }}{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, k='v') }}", "{}",
     "1(2, 3){'k': 'v'}"},
    {"macro_whitespace",
     "{%- macro render(m) -%}\n"
     "  <{{ m.role }}>\n"
     "{%- endmacro -%}\n"
     "{% for m in messages %}\n"
     "{{ render(m) }}\n"
     "{% endfor %}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"sys\"}, {\"role\": \"user\", \"content\": "
     "\"hi\"}, {\"role\": \"assistant\", \"content\": \"yo\"}]}",
     "<system>\n"
     "<user>\n"
     "<assistant>\n"},
    {"macro_modifies_namespace",
     "{% macro bump(ns) %}{% set ns.n = ns.n + 1 %}{% endmacro %}{% set ns = namespace(n=0) %}{{ bump(ns) "
     "}}{{ bump(ns) }}{{ ns.n }}",
     "{}", "2"},
    {"filter_trim", "[{{ '  a b  '|trim }}][{{ 'xxaxx'|trim('x') }}][{{ missing|trim }}]", "{}",
     "[a b][a][]"},
    {"filter_length_count",
     "{{ l|length }} {{ s|count }} {{ d|length }} {{ missing|length }} {{ 'é'|length }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "3 11 2 0 1"},
    {"filter_case",
     "{{ s|upper }} {{ s|lower }} {{ 'hELLO wORLD'|capitalize }} {{ 'hello big-world(x) [y]'|title }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "HELLO WORLD hello world Hello world Hello Big-World(X) [Y]"},
    {"filter_items", "{% for k, v in d|items %}{{ k }}{{ v }}{% endfor %}{{ d|items|list }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "b2a1[('b', 2), ('a', 1)]"},
    {"filter_join", "{{ l|join }} {{ l|join(', ') }} {{ messages|join('/', attribute='role') }}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"sys\"}, {\"role\": \"user\", \"content\": "
     "\"hi\"}, {\"role\": \"assistant\", \"content\": \"yo\"}], \"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, "
     "2], \"s\": \"Hello World\", \"n\": null, \"t\": true, \"f\": 1.5}",
     "312 3, 1, 2 system/user/assistant"},
    {"filter_default",
     "{{ missing|default('d1') }} {{ n|default('d2') }} {{ ''|default('d3', true) }} {{ 0|d('d4', "
     "boolean=true) }} {{ s|d('no') }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "d1 None d3 d4 Hello World"},
    {"filter_string_list", "{{ 5|string ~ 'x' }} {{ 'ab'|list }} {{ d|list }} {{ (1, 2)|list }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "5x ['a', 'b'] ['b', 'a'] [1, 2]"},
    {"filter_first_last", "{{ l|first }} {{ l|last }} {{ s|first }} {{ []|first is undefined }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "3 2 H True"},
    {"filter_reverse", "{{ s|reverse }} {{ l|reverse|list }} {% for x in l|reverse %}{{ x }}{% endfor %}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "dlroW olleH [2, 1, 3] 213"},
    {"filter_replace",
     "{{ s|replace('o', '0') }} {{ s|replace('o', '0', 1) }} {{ 'a\\nb'|replace('\\n', ' ') }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "Hell0 W0rld Hell0 World a b"},
    {"filter_safe_escape", "{{ '<b>'|safe }} {{ '<a href=\"x\">&\\''|e }}", "{}",
     "<b> &lt;a href=&#34;x&#34;&gt;&amp;&#39;"},
    {"filter_int_float",
     "{{ '42'|int }} {{ ' 7 '|int }} {{ '3.9'|int }} {{ 'x'|int }} {{ 'x'|int(-1) }} {{ 4.7|int }} {{ "
     "true|int }} {{ '2.5'|float }} {{ 3|float }} {{ 'no'|float }}",
     "{}", "42 7 3 0 -1 4 1 2.5 3.0 0.0"},
    {"filter_abs_round",
     "{{ -3|abs }} {{ -2.5|abs }} {{ 2.5|round }} {{ 3.5|round }} {{ 2.675|round(2) }} {{ 7|round }} {{ "
     "2.1|round(0, 'ceil') }} {{ 2.9|round(method='floor') }}",
     "{}", "3 2.5 2.0 4.0 2.67 7 3.0 2.0"},
    {"filter_dictsort",
     "{{ {'b': 1, 'A': 2, 'c': 0}|dictsort }} {{ {'b': 1, 'A': 2}|dictsort(true) }} {{ {'b': 1, 'a': "
     "2}|dictsort(by='value') }}",
     "{}", "[('A', 2), ('b', 1), ('c', 0)] [('A', 2), ('b', 1)] [('b', 1), ('a', 2)]"},
    {"filter_sort_unique_minmax_sum",
     "{{ l|sort }} {{ l|sort(reverse=true) }} {{ ['b', 'A', 'a']|sort }} {{ [1, 2, 2, 'a', 'A']|unique|list "
     "}} {{ l|min }} {{ l|max }} {{ l|sum }} {{ [{'n': 2}, {'n': 1}]|sort(attribute='n') }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "[1, 2, 3] [3, 2, 1] ['A', 'a', 'b'] [1, 2, 'a'] 1 3 6 [{'n': 1}, {'n': 2}]"},
    {"filter_select_map",
     "{{ messages|selectattr('role', 'equalto', 'user')|map(attribute='content')|list }} {{ "
     "messages|rejectattr('role', 'eq', 'system')|list|length }} {{ [1, 2, 3, 4]|select('odd')|list }} {{ "
     "[1, 2, 3, 4]|reject('even')|list }} {{ ['a', 'b']|map('upper')|join }}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"sys\"}, {\"role\": \"user\", \"content\": "
     "\"hi\"}, {\"role\": \"assistant\", \"content\": \"yo\"}]}",
     "['hi'] 2 [1, 3] [1, 3] AB"},
    {"filter_selectattr_truthy", "{{ [{'a': 1}, {'a': 0}, {}]|selectattr('a')|list }}", "{}", "[{'a': 1}]"},
    {"filter_indent",
     "[{{ 'a\\nb\\n\\nc'|indent }}][{{ 'a\\nb'|indent(2, true) }}][{{ 'a\\n\\nb'|indent('> ', blank=true) "
     "}}]",
     "{}",
     "[a\n"
     "    b\n"
     "\n"
     "    c][  a\n"
     "  b][a\n"
     "> \n"
     "> b]"},
    {"filter_format",
     "{{ '%s-%d-%.2f%%'|format('a', 3, 2.5) }} {{ '%(x)s'|format(x=1) }} {{ 'v=%s' % 5 }} {{ '%s+%s' % (1, "
     "2) }}",
     "{}", "a-3-2.50% 1 v=5 1+2"},
    {"filter_tojson", "{{ {'b': 1, 'a': [1, 2.5, none, true, 'é\"\\n<>']}|tojson }}", "{}",
     "{\"b\": 1, \"a\": [1, 2.5, null, true, \"é\\\"\\n<>\"]}"},
    {"filter_tojson_indent", "{{ {'a': [1, {}], 'b': [], 'c': {'d': 'x'}}|tojson(indent=2) }}", "{}",
     "{\n"
     "  \"a\": [\n"
     "    1,\n"
     "    {}\n"
     "  ],\n"
     "  \"b\": [],\n"
     "  \"c\": {\n"
     "    \"d\": \"x\"\n"
     "  }\n"
     "}"},
    {"filter_tojson_options",
     "{{ [1, {'k': 2}]|tojson(separators=(',', ':')) }} {{ {'b': 1, 'a': 2}|tojson(sort_keys=true) }} {{ "
     "'é✓😀'|tojson(ensure_ascii=true) }} {{ 'é'|tojson }}",
     "{}", "[1,{\"k\":2}] {\"a\": 2, \"b\": 1} \"\\u00e9\\u2713\\ud83d\\ude00\" \"é\""},
    {"filter_tojson_context", "{{ tools|tojson }}",
     "{\"tools\": [{\"name\": \"f\", \"parameters\": {\"x\": 1.5, \"y\": null, \"z\": [true, false]}}]}",
     "[{\"name\": \"f\", \"parameters\": {\"x\": 1.5, \"y\": null, \"z\": [true, false]}}]"},
    {"filter_chain", "{{ messages|map(attribute='role')|map('upper')|join(' ')|lower|replace('user', 'U') }}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"sys\"}, {\"role\": \"user\", \"content\": "
     "\"hi\"}, {\"role\": \"assistant\", \"content\": \"yo\"}]}",
     "system U assistant"},
    {"tests_types",
     "{{ 1 is number }} {{ 1 is integer }} {{ 1.0 is float }} {{ true is boolean }} {{ true is integer }} {{ "
     "'s' is string }} {{ d is mapping }} {{ l is sequence }} {{ s is iterable }} {{ n is none }} {{ missing "
     "is defined }} {{ missing is undefined }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "True True True True False True True True True True False True"},
    {"tests_values",
     "{{ 3 is odd }} {{ 4 is even }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }} {{ true is true }} "
     "{{ 1 is true }} {{ false is false }} {{ 2 is eq 2 }} {{ 2 is equalto(3) }} {{ 1 is in l }} {{ 'A' is "
     "upper }} {{ 'a' is lower }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "True True True False True False True True False True True True"},
    {"tests_negated", "{{ n is not none }} {{ s is not string }} {{ missing is not defined }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "False False True"},
    {"tests_compare",
     "{{ 3 is gt 2 }} {{ 3 is ge 3 }} {{ 3 is lt 2 }} {{ 3 is le 3 }} {{ 3 is ne 3 }} {{ 3 is greaterthan 1 "
     "}} {{ 3 is lessthan 1 }}",
     "{}", "True True False True False True False"},
    {"test_callable_sameas",
     "{{ range is callable }} {{ s is callable }} {{ none is sameas none }} {{ l is sameas l }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "True False True True"},
    {"test_precedence", "{{ not missing is defined }} {{ 1 + 1 is odd }} {{ n is none and t }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "True 2 True"},
    {"str_methods_strip",
     "[{{ '  x  '.strip() }}][{{ '  x  '.lstrip() }}][{{ '  x  '.rstrip() }}][{{ '\\n\\nx\\n'.strip('\\n') "
     "}}][{{ 'abcxa'.strip('ab') }}]",
     "{}", "[x][x  ][  x][x][cx]"},
    {"str_methods_split",
     "{{ 'a b  c'.split() }} {{ 'a,b,,c'.split(',') }} {{ 'a,b,c'.split(',', 1) }} {{ ' a b '.split(none, 1) "
     "}} {{ 'a,b,c'.rsplit(',', 1) }} {{ 'l1\\nl2\\r\\nl3'.splitlines() }}",
     "{}", "['a', 'b', 'c'] ['a', 'b', '', 'c'] ['a', 'b,c'] ['a', 'b '] ['a,b', 'c'] ['l1', 'l2', 'l3']"},
    {"str_methods_misc",
     "{{ s.startswith('He') }} {{ s.endswith(('x', 'ld')) }} {{ s.replace('l', 'L') }} {{ s.find('o') }} {{ "
     "s.rfind('o') }} {{ s.find('z') }} {{ s.count('l') }} {{ s.upper() }} {{ s.lower() }} {{ 'ab "
     "cd'.title() }} {{ 'aBC'.capitalize() }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "True True HeLLo WorLd 4 7 -1 3 HELLO WORLD hello world Ab Cd Abc"},
    {"str_join_format",
     "{{ ', '.join(['a', 'b']) }} {{ '{}-{}'.format(1, 'x') }} {{ '{0}{0}{n}'.format('r', n='!') }} {{ "
     "s.removeprefix('Hello ') }} {{ '42'.isdigit() }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "a, b 1-x rr! World True"},
    {"think_split",
     "{% set c = '<think>\\nplan\\n</think>\\n\\nanswer' %}{{ c.split('</think>')[-1].lstrip('\\n') }}|{{ "
     "c.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}",
     "{}", "answer|plan"},
    {"dict_methods",
     "{{ d.items() }} {{ d.keys() }} {{ d.values() }} {% for k, v in d.items() %}{{ k }}{% endfor %}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "dict_items([('b', 2), ('a', 1)]) dict_keys(['b', 'a']) dict_values([2, 1]) ba"},
    {"list_methods", "{{ l.index(1) }} {{ [1, 1, 2].count(1) }}",
     "{\"d\": {\"b\": 2, \"a\": 1}, \"l\": [3, 1, 2], \"s\": \"Hello World\", \"n\": null, \"t\": true, "
     "\"f\": 1.5}",
     "1 2"},
    {"range",
     "{{ range(3)|list }} {{ range(1, 7, 2)|list }} {{ range(5, 0, -2)|list }} {% for i in range(2) %}{{ i "
     "}}{% endfor %}",
     "{}", "[0, 1, 2] [1, 3, 5] [5, 3, 1] 01"},
    {"dict_global", "{{ dict(a=1, b='x') }} {{ dict({'z': 0}, y=1) }}", "{}",
     "{'a': 1, 'b': 'x'} {'z': 0, 'y': 1}"},
    {"strftime_now", "{{ strftime_now('%d %b %Y') }} {{ strftime_now is defined }}", "{}",
     "26 Jul 2024 True"},
    {"context_shadows",
     "{% set messages = messages[1:] %}{{ messages|length }}{% for m in messages %}{{ m.role }}{% endfor %}",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"sys\"}, {\"role\": \"user\", \"content\": "
     "\"hi\"}, {\"role\": \"assistant\", \"content\": \"yo\"}]}",
     "2userassistant"},
    {"keywords_as_names", "{{ true }}{{ True }}{{ none is none }}{{ None is none }}", "{}",
     "TrueTrueTrueTrue"},
    {"loop_is_per_statement",
     "{% for a in [1, 2] %}{% set outer = loop %}{% for b in [1, 2, 3] %}{% endfor %}{{ outer.index }}/{{ "
     "outer.length }} {% endfor %}",
     "{}", "1/2 2/2 "},
    {"nested_data",
     "{% for m in messages %}{% if m.tool_calls %}{% for tc in m.tool_calls %}{{ tc.function.name }}({{ "
     "tc.function.arguments|tojson }}){% endfor %}{% endif %}{% endfor %}",
     "{\"messages\": [{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{\"function\": "
     "{\"name\": \"f\", \"arguments\": {\"a\": 1, \"b\": \"é\"}}}]}]}",
     "f({\"a\": 1, \"b\": \"é\"})"},
    {"content_none",
     "[{{ messages[0].content }}][{{ messages[0].content is none }}][{{ messages[0].content or '' }}]",
     "{\"messages\": [{\"role\": \"assistant\", \"content\": null}]}", "[None][True][]"},
};

const char* const kTemplates[][2] = {
    {"mistral",
     "{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == "
     "0) %}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% "
     "endif %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% elif "
     "message['role'] == 'assistant' %}{{ message['content'] + eos_token}}{% else %}{{ raise_exception('Only "
     "user and assistant roles are supported!') }}{% endif %}{% endfor %}\n"},
    {"gemma",
     "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') "
     "}}{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) "
     "%}{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif "
     "%}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = "
     "message['role'] %}{% endif %}{{ '<start_of_turn>' + role + '\n"
     "' + message['content'] | trim + '<end_of_turn>\n"
     "' }}{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\n"
     "'}}{% endif %}\n"},
    {"phi3", "{% for message in messages %}{% if message['role'] == 'system' %}{{'<|system|>\n"
             "' + message['content'] + '<|end|>\n"
             "'}}{% elif message['role'] == 'user' %}{{'<|user|>\n"
             "' + message['content'] + '<|end|>\n"
             "'}}{% elif message['role'] == 'assistant' %}{{'<|assistant|>\n"
             "' + message['content'] + '<|end|>\n"
             "'}}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\n"
             "' }}{% else %}{{ eos_token }}{% endif %}\n"},
    {"zephyr", "{% for message in messages %}\n"
               "{% if message['role'] == 'user' %}\n"
               "{{ '<|user|>\n"
               "' + message['content'] + eos_token }}\n"
               "{% elif message['role'] == 'system' %}\n"
               "{{ '<|system|>\n"
               "' + message['content'] + eos_token }}\n"
               "{% elif message['role'] == 'assistant' %}\n"
               "{{ '<|assistant|>\n"
               "'  + message['content'] + eos_token }}\n"
               "{% endif %}\n"
               "{% if loop.last and add_generation_prompt %}\n"
               "{{ '<|assistant|>' }}\n"
               "{% endif %}\n"
               "{% endfor %}\n"},
    {"llama32",
     "{{- bos_token }}\n"
     "{%- if custom_tools is defined %}\n"
     "    {%- set tools = custom_tools %}\n"
     "{%- endif %}\n"
     "{%- if not tools_in_user_message is defined %}\n"
     "    {%- set tools_in_user_message = true %}\n"
     "{%- endif %}\n"
     "{%- if not date_string is defined %}\n"
     "    {%- if strftime_now is defined %}\n"
     "        {%- set date_string = strftime_now(\"%d %b %Y\") %}\n"
     "    {%- else %}\n"
     "        {%- set date_string = \"26 Jul 2024\" %}\n"
     "    {%- endif %}\n"
     "{%- endif %}\n"
     "{%- if not tools is defined %}\n"
     "    {%- set tools = none %}\n"
     "{%- endif %}\n"
     "\n"
     "{#- This block extracts the system message, so we can slot it into the right place. #}\n"
     "{%- if messages[0]['role'] == 'system' %}\n"
     "    {%- set system_message = messages[0]['content']|trim %}\n"
     "    {%- set messages = messages[1:] %}\n"
     "{%- else %}\n"
     "    {%- set system_message = \"\" %}\n"
     "{%- endif %}\n"
     "\n"
     "{#- System message #}\n"
     "{{- \"<|start_header_id|>system<|end_header_id|>\\n\\n\" }}\n"
     "{%- if tools is not none %}\n"
     "    {{- \"Environment: ipython\\n\" }}\n"
     "{%- endif %}\n"
     "{{- \"Cutting Knowledge Date: December 2023\\n\" }}\n"
     "{{- \"Today Date: \" + date_string + \"\\n\\n\" }}\n"
     "{%- if tools is not none and not tools_in_user_message %}\n"
     "    {{- \"You have access to the following functions. To call a function, please respond with JSON for "
     "a function call.\" }}\n"
     "    {{- 'Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name "
     "and its value}.' }}\n"
     "    {{- \"Do not use variables.\\n\\n\" }}\n"
     "    {%- for t in tools %}\n"
     "        {{- t | tojson(indent=4) }}\n"
     "        {{- \"\\n\\n\" }}\n"
     "    {%- endfor %}\n"
     "{%- endif %}\n"
     "{{- system_message }}\n"
     "{{- \"<|eot_id|>\" }}\n"
     "\n"
     "{#- Custom tools are passed in a user message with some extra guidance #}\n"
     "{%- if tools_in_user_message and not tools is none %}\n"
     "    {#- Extract the first user message so we can plug it in here #}\n"
     "    {%- if messages | length != 0 %}\n"
     "        {%- set first_user_message = messages[0]['content']|trim %}\n"
     "        {%- set messages = messages[1:] %}\n"
     "    {%- else %}\n"
     "        {{- raise_exception(\"Cannot put tools in the first user message when there's no first user "
     "message!\") }}\n"
     "{%- endif %}\n"
     "    {{- '<|start_header_id|>user<|end_header_id|>\\n\\n' -}}\n"
     "    {{- \"Given the following functions, please respond with a JSON for a function call \" }}\n"
     "    {{- \"with its proper arguments that best answers the given prompt.\\n\\n\" }}\n"
     "    {{- 'Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name "
     "and its value}.' }}\n"
     "    {{- \"Do not use variables.\\n\\n\" }}\n"
     "    {%- for t in tools %}\n"
     "        {{- t | tojson(indent=4) }}\n"
     "        {{- \"\\n\\n\" }}\n"
     "    {%- endfor %}\n"
     "    {{- first_user_message + \"<|eot_id|>\"}}\n"
     "{%- endif %}\n"
     "\n"
     "{%- for message in messages %}\n"
     "    {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}\n"
     "        {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | "
     "trim + '<|eot_id|>' }}\n"
     "    {%- elif 'tool_calls' in message %}\n"
     "        {%- if not message.tool_calls|length == 1 %}\n"
     "            {{- raise_exception(\"This model only supports single tool-calls at once!\") }}\n"
     "        {%- endif %}\n"
     "        {%- set tool_call = message.tool_calls[0].function %}\n"
     "        {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}\n"
     "        {{- '{\"name\": \"' + tool_call.name + '\", ' }}\n"
     "        {{- '\"parameters\": ' }}\n"
     "        {{- tool_call.arguments | tojson }}\n"
     "        {{- \"}\" }}\n"
     "        {{- \"<|eot_id|>\" }}\n"
     "    {%- elif message.role == \"tool\" or message.role == \"ipython\" %}\n"
     "        {{- \"<|start_header_id|>ipython<|end_header_id|>\\n\\n\" }}\n"
     "        {%- if message.content is mapping or message.content is iterable %}\n"
     "            {{- message.content | tojson }}\n"
     "        {%- else %}\n"
     "            {{- message.content }}\n"
     "        {%- endif %}\n"
     "        {{- \"<|eot_id|>\" }}\n"
     "    {%- endif %}\n"
     "{%- endfor %}\n"
     "{%- if add_generation_prompt %}\n"
     "    {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}\n"
     "{%- endif %}\n"},
    {"mistral_tools",
     "{%- if messages[0][\"role\"] == \"system\" %}\n"
     "    {%- set system_message = messages[0][\"content\"] %}\n"
     "    {%- set loop_messages = messages[1:] %}\n"
     "{%- else %}\n"
     "    {%- set loop_messages = messages %}\n"
     "{%- endif %}\n"
     "{%- if not tools is defined %}\n"
     "    {%- set tools = none %}\n"
     "{%- endif %}\n"
     "{%- set user_messages = loop_messages | selectattr(\"role\", \"equalto\", \"user\") | list %}\n"
     "\n"
     "{#- This block checks for alternating user/assistant messages, skipping tool calling messages #}\n"
     "{%- set ns = namespace() %}\n"
     "{%- set ns.index = 0 %}\n"
     "{%- for message in loop_messages %}\n"
     "    {%- if not (message.role == \"tool\" or message.role == \"tool_results\" or (message.tool_calls is "
     "defined and message.tool_calls is not none)) %}\n"
     "        {%- if (message[\"role\"] == \"user\") != (ns.index % 2 == 0) %}\n"
     "            {{- raise_exception(\"After the optional system message, conversation roles must alternate "
     "user/assistant/user/assistant/...\") }}\n"
     "        {%- endif %}\n"
     "        {%- set ns.index = ns.index + 1 %}\n"
     "    {%- endif %}\n"
     "{%- endfor %}\n"
     "\n"
     "{{- bos_token }}\n"
     "{%- for message in loop_messages %}\n"
     "    {%- if message[\"role\"] == \"user\" %}\n"
     "        {%- if tools is not none and (message == user_messages[-1]) %}\n"
     "            {{- \"[AVAILABLE_TOOLS] [\" }}\n"
     "            {%- for tool in tools %}\n"
     "                {%- set tool = tool.function %}\n"
     "                {{- '{\"type\": \"function\", \"function\": {' }}\n"
     "                {%- for key, val in tool.items() if key != \"return\" %}\n"
     "                    {%- if val is string %}\n"
     "                        {{- '\"' + key + '\": \"' + val + '\"' }}\n"
     "                    {%- else %}\n"
     "                        {{- '\"' + key + '\": ' + val|tojson }}\n"
     "                    {%- endif %}\n"
     "                    {%- if not loop.last %}\n"
     "                        {{- \", \" }}\n"
     "                    {%- endif %}\n"
     "                {%- endfor %}\n"
     "                {{- \"}}\" }}\n"
     "                {%- if not loop.last %}\n"
     "                    {{- \", \" }}\n"
     "                {%- else %}\n"
     "                    {{- \"]\" }}\n"
     "                {%- endif %}\n"
     "            {%- endfor %}\n"
     "            {{- \"[/AVAILABLE_TOOLS]\" }}\n"
     "            {%- endif %}\n"
     "        {%- if loop.last and system_message is defined %}\n"
     "            {{- \"[INST] \" + system_message + \"\\n\\n\" + message[\"content\"] + \"[/INST]\" }}\n"
     "        {%- else %}\n"
     "            {{- \"[INST] \" + message[\"content\"] + \"[/INST]\" }}\n"
     "        {%- endif %}\n"
     "    {%- elif message.tool_calls is defined and message.tool_calls is not none %}\n"
     "        {{- \"[TOOL_CALLS] [\" }}\n"
     "        {%- for tool_call in message.tool_calls %}\n"
     "            {%- set out = tool_call.function|tojson %}\n"
     "            {{- out[:-1] }}\n"
     "            {%- if not tool_call.id is defined or tool_call.id|length != 9 %}\n"
     "                {{- raise_exception(\"Tool call IDs should be alphanumeric strings with length 9!\") "
     "}}\n"
     "            {%- endif %}\n"
     "            {{- ', \"id\": \"' + tool_call.id + '\"}' }}\n"
     "            {%- if not loop.last %}\n"
     "                {{- \", \" }}\n"
     "            {%- else %}\n"
     "                {{- \"]\" + eos_token }}\n"
     "            {%- endif %}\n"
     "        {%- endfor %}\n"
     "    {%- elif message[\"role\"] == \"assistant\" %}\n"
     "        {{- \" \" + message[\"content\"]|trim + eos_token}}\n"
     "    {%- elif message[\"role\"] == \"tool_results\" or message[\"role\"] == \"tool\" %}\n"
     "        {%- if message.content is defined and message.content.content is defined %}\n"
     "            {%- set content = message.content.content %}\n"
     "        {%- else %}\n"
     "            {%- set content = message.content %}\n"
     "        {%- endif %}\n"
     "        {{- '[TOOL_RESULTS] {\"content\": ' + content|string + \", \" }}\n"
     "        {%- if not message.tool_call_id is defined or message.tool_call_id|length != 9 %}\n"
     "            {{- raise_exception(\"Tool call IDs should be alphanumeric strings with length 9!\") }}\n"
     "        {%- endif %}\n"
     "        {{- '\"call_id\": \"' + message.tool_call_id + '\"}[/TOOL_RESULTS]' }}\n"
     "    {%- else %}\n"
     "        {{- raise_exception(\"Only user and assistant roles are supported, with the exception of an "
     "initial optional system message!\") }}\n"
     "    {%- endif %}\n"
     "{%- endfor %}\n"},
    {"macros", "{%- macro render_content(content, prefix='') -%}\n"
               "    {%- if content is string -%}\n"
               "        {{ prefix }}{{ content | trim }}\n"
               "    {%- elif content is iterable -%}\n"
               "        {%- for part in content -%}\n"
               "            {%- if part.type == 'text' -%}{{ prefix }}{{ part.text }}{%- elif part.type == "
               "'image' -%}<image>{%- endif -%}\n"
               "        {%- endfor -%}\n"
               "    {%- endif -%}\n"
               "{%- endmacro -%}\n"
               "{%- set ns = namespace(sys='', count=0) -%}\n"
               "{%- for m in messages if m.role != 'system' -%}\n"
               "{%- set ns.count = ns.count + 1 -%}\n"
               "<|{{ m.role | upper }}|> {{ render_content(m.content) }}\n"
               "{% endfor -%}\n"
               "{%- if messages | selectattr('role', 'equalto', 'system') | list | length > 0 -%}\n"
               "SYSTEM: {{ (messages | selectattr('role', 'equalto', 'system') | first).content }}\n"
               "{% endif -%}\n"
               "count={{ ns.count }} roles={{ messages | map(attribute='role') | unique | join(',') }}\n"
               "{%- if add_generation_prompt %}\n"
               "\n"
               "<|ASSISTANT|>\n"
               "{%- endif %}\n"},
    {"deepseek",
     "{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}{% set "
     "ns = namespace(is_first=false, is_tool=false, is_output_first=true, system_prompt='', "
     "is_first_sp=true) %}{%- for message in messages %}{%- if message['role'] == 'system' %}{%- if "
     "ns.is_first_sp %}{% set ns.system_prompt = ns.system_prompt + message['content'] %}{% set "
     "ns.is_first_sp = false %}{%- else %}{% set ns.system_prompt = ns.system_prompt + '\\n\\n' + "
     "message['content'] %}{%- endif %}{%- endif %}{%- endfor %}{{ bos_token }}{{ ns.system_prompt }}{%- for "
     "message in messages %}{%- if message['role'] == 'user' %}{%- set ns.is_tool = false -%}{{'<｜User｜>' "
     "+ message['content']}}{%- endif %}{%- if message['role'] == 'assistant' and 'tool_calls' in message "
     "%}{%- set ns.is_tool = false -%}{%- for tool in message['tool_calls'] %}{%- if not ns.is_first %}{%- "
     "if message['content'] is none %}{{'<｜Assistant｜><｜tool▁calls▁begin｜><｜tool▁call▁begin｜>' + "
     "tool['type'] + '<｜tool▁sep｜>' + tool['function']['name'] + '\\n' + '```json' + '\\n' + "
     "tool['function']['arguments']|tojson + '\\n' + '```' + '<｜tool▁call▁end｜>'}}{%- else "
     "%}{{'<｜Assistant｜>' + message['content'] + '<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>' + "
     "tool['type'] + '<｜tool▁sep｜>' + tool['function']['name'] + '\\n' + '```json' + '\\n' + "
     "tool['function']['arguments']|tojson + '\\n' + '```' + '<｜tool▁call▁end｜>'}}{%- endif %}{%- set "
     "ns.is_first = true -%}{%- else %}{{'\\n' + '<｜tool▁call▁begin｜>' + tool['type'] + '<｜tool▁sep｜>' + "
     "tool['function']['name'] + '\\n' + '```json' + '\\n' + tool['function']['arguments']|tojson + '\\n' + "
     "'```' + '<｜tool▁call▁end｜>'}}{%- endif %}{%- endfor "
     "%}{{'<｜tool▁calls▁end｜><｜end▁of▁sentence｜>'}}{%- endif %}{%- if message['role'] == 'assistant' and "
     "'tool_calls' not in message %}{%- if ns.is_tool %}{{'<｜tool▁outputs▁end｜>' + message['content'] + "
     "'<｜end▁of▁sentence｜>'}}{%- set ns.is_tool = false -%}{%- else %}{% set content = message['content'] "
     "%}{% if '</think>' in content %}{% set content = content.split('</think>')[-1] %}{% endif "
     "%}{{'<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>'}}{%- endif %}{%- endif %}{%- if "
     "message['role'] == 'tool' %}{%- set ns.is_tool = true -%}{%- if ns.is_output_first "
     "%}{{'<｜tool▁outputs▁begin｜><｜tool▁output▁begin｜>' + message['content'] + "
     "'<｜tool▁output▁end｜>'}}{%- set ns.is_output_first = false %}{%- else %}{{'<｜tool▁output▁begin｜>' + "
     "message['content'] + '<｜tool▁output▁end｜>'}}{%- endif %}{%- endif %}{%- endfor -%}{% if ns.is_tool "
     "%}{{'<｜tool▁outputs▁end｜>'}}{% endif %}{% if add_generation_prompt and not ns.is_tool "
     "%}{{'<｜Assistant｜><think>\\n'}}{% endif %}\n"},
};

struct RealCase {
    const char* templ; // a kTemplates name, or "qwen3" (../shared/tokenizers/qwen3/tokenizer_config.json)
    const char* context;
    const char* expected; // null when rendering raises
    const char* error;    // a part of the error message when it raises
};

const RealCase kRealCases[] = {
    {"mistral",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"assistant\", \"content\": "
     "\"b\"}, {\"role\": \"user\", \"content\": \"c\"}], \"add_generation_prompt\": true, \"bos_token\": "
     "\"<s>\", \"eos_token\": \"</s>\"}",
     "<s>[INST] a [/INST]b</s>[INST] c [/INST]", nullptr},
    {"mistral",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"user\", \"content\": \"b\"}], "
     "\"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     nullptr, "Conversation roles must alternate user/assistant/user/assistant/..."},
    {"mistral",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", "
     "\"content\": \"Hi\\n\"}, {\"role\": \"assistant\", \"content\": \" Hello! \"}, {\"role\": \"user\", "
     "\"content\": \"Ünïcödé ✓ \\\"quotes\\\" and 'apostrophes'\\ttab\"}], \"add_generation_prompt\": true, "
     "\"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     nullptr, "Conversation roles must alternate user/assistant/user/assistant/..."},
    {"gemma",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"assistant\", \"content\": "
     "\"b\"}, {\"role\": \"user\", \"content\": \"c\"}], \"add_generation_prompt\": true, \"bos_token\": "
     "\"<s>\", \"eos_token\": \"</s>\"}",
     "<s><start_of_turn>user\n"
     "a<end_of_turn>\n"
     "<start_of_turn>model\n"
     "b<end_of_turn>\n"
     "<start_of_turn>user\n"
     "c<end_of_turn>\n"
     "<start_of_turn>model\n",
     nullptr},
    {"gemma",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"assistant\", \"content\": "
     "\"b\"}, {\"role\": \"user\", \"content\": \"c\"}], \"add_generation_prompt\": false, \"bos_token\": "
     "\"<s>\", \"eos_token\": \"</s>\"}",
     "<s><start_of_turn>user\n"
     "a<end_of_turn>\n"
     "<start_of_turn>model\n"
     "b<end_of_turn>\n"
     "<start_of_turn>user\n"
     "c<end_of_turn>\n",
     nullptr},
    {"gemma",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", "
     "\"content\": \"Hi\\n\"}, {\"role\": \"assistant\", \"content\": \" Hello! \"}, {\"role\": \"user\", "
     "\"content\": \"Ünïcödé ✓ \\\"quotes\\\" and 'apostrophes'\\ttab\"}], \"add_generation_prompt\": true, "
     "\"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     nullptr, "System role not supported"},
    {"gemma",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"user\", \"content\": \"b\"}], "
     "\"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     nullptr, "Conversation roles must alternate user/assistant/user/assistant/..."},
    {"phi3",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", "
     "\"content\": \"Hi\\n\"}, {\"role\": \"assistant\", \"content\": \" Hello! \"}, {\"role\": \"user\", "
     "\"content\": \"Ünïcödé ✓ \\\"quotes\\\" and 'apostrophes'\\ttab\"}], \"add_generation_prompt\": true, "
     "\"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "<|system|>\n"
     "  Be brief.  <|end|>\n"
     "<|user|>\n"
     "Hi\n"
     "<|end|>\n"
     "<|assistant|>\n"
     " Hello! <|end|>\n"
     "<|user|>\n"
     "Ünïcödé ✓ \"quotes\" and 'apostrophes'\ttab<|end|>\n"
     "<|assistant|>\n",
     nullptr},
    {"phi3",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"Hello there\"}], \"add_generation_prompt\": false, "
     "\"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "<|user|>\n"
     "Hello there<|end|>\n"
     "</s>",
     nullptr},
    {"zephyr",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", "
     "\"content\": \"Hi\\n\"}, {\"role\": \"assistant\", \"content\": \" Hello! \"}, {\"role\": \"user\", "
     "\"content\": \"Ünïcödé ✓ \\\"quotes\\\" and 'apostrophes'\\ttab\"}], \"add_generation_prompt\": true, "
     "\"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "<|system|>\n"
     "  Be brief.  </s>\n"
     "<|user|>\n"
     "Hi\n"
     "</s>\n"
     "<|assistant|>\n"
     " Hello! </s>\n"
     "<|user|>\n"
     "Ünïcödé ✓ \"quotes\" and 'apostrophes'\ttab</s>\n"
     "<|assistant|>\n",
     nullptr},
    {"zephyr",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"assistant\", \"content\": "
     "\"b\"}, {\"role\": \"user\", \"content\": \"c\"}], \"add_generation_prompt\": false, \"bos_token\": "
     "\"<s>\", \"eos_token\": \"</s>\"}",
     "<|user|>\n"
     "a</s>\n"
     "<|assistant|>\n"
     "b</s>\n"
     "<|user|>\n"
     "c</s>\n",
     nullptr},
    {"llama32",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", "
     "\"content\": \"Hi\\n\"}, {\"role\": \"assistant\", \"content\": \" Hello! \"}, {\"role\": \"user\", "
     "\"content\": \"Ünïcödé ✓ \\\"quotes\\\" and 'apostrophes'\\ttab\"}], \"add_generation_prompt\": true, "
     "\"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "<s><|start_header_id|>system<|end_header_id|>\n"
     "\n"
     "Cutting Knowledge Date: December 2023\n"
     "Today Date: 26 Jul 2024\n"
     "\n"
     "Be brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n"
     "\n"
     "Hi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n"
     "\n"
     "Hello!<|eot_id|><|start_header_id|>user<|end_header_id|>\n"
     "\n"
     "Ünïcödé ✓ \"quotes\" and 'apostrophes'\ttab<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n"
     "\n",
     nullptr},
    {"llama32",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"Hello there\"}], \"add_generation_prompt\": true, "
     "\"bos_token\": \"<s>\", \"eos_token\": \"</s>\", \"tools\": [{\"type\": \"function\", \"function\": "
     "{\"name\": \"get_weather\", \"description\": \"Get the weather for a city\", \"parameters\": "
     "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", \"description\": \"City name, "
     "e.g. Zürich\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"c\", \"f\"]}}, \"required\": "
     "[\"city\"]}}}]}",
     "<s><|start_header_id|>system<|end_header_id|>\n"
     "\n"
     "Environment: ipython\n"
     "Cutting Knowledge Date: December 2023\n"
     "Today Date: 26 Jul 2024\n"
     "\n"
     "<|eot_id|><|start_header_id|>user<|end_header_id|>\n"
     "\n"
     "Given the following functions, please respond with a JSON for a function call with its proper "
     "arguments that best answers the given prompt.\n"
     "\n"
     "Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name and its "
     "value}.Do not use variables.\n"
     "\n"
     "{\n"
     "    \"type\": \"function\",\n"
     "    \"function\": {\n"
     "        \"name\": \"get_weather\",\n"
     "        \"description\": \"Get the weather for a city\",\n"
     "        \"parameters\": {\n"
     "            \"type\": \"object\",\n"
     "            \"properties\": {\n"
     "                \"city\": {\n"
     "                    \"type\": \"string\",\n"
     "                    \"description\": \"City name, e.g. Zürich\"\n"
     "                },\n"
     "                \"unit\": {\n"
     "                    \"type\": \"string\",\n"
     "                    \"enum\": [\n"
     "                        \"c\",\n"
     "                        \"f\"\n"
     "                    ]\n"
     "                }\n"
     "            },\n"
     "            \"required\": [\n"
     "                \"city\"\n"
     "            ]\n"
     "        }\n"
     "    }\n"
     "}\n"
     "\n"
     "Hello there<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n"
     "\n",
     nullptr},
    {"llama32",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"You are a tool user.\"}, {\"role\": \"user\", "
     "\"content\": \"Weather in Zürich?\"}, {\"role\": \"assistant\", \"content\": \"\", \"tool_calls\": "
     "[{\"id\": \"abc123xyz\", \"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
     "\"arguments\": {\"city\": \"Zürich\", \"unit\": \"c\"}}}]}, {\"role\": \"tool\", \"tool_call_id\": "
     "\"abc123xyz\", \"content\": \"{\\\"temp\\\": 21}\"}, {\"role\": \"tool\", \"tool_call_id\": "
     "\"abc123xyz\", \"content\": \"second\"}, {\"role\": \"assistant\", \"content\": \"It is 21 °C.\"}], "
     "\"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\", \"tools\": "
     "[{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Get the weather "
     "for a city\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", "
     "\"description\": \"City name, e.g. Zürich\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"c\", "
     "\"f\"]}}, \"required\": [\"city\"]}}}]}",
     "<s><|start_header_id|>system<|end_header_id|>\n"
     "\n"
     "Environment: ipython\n"
     "Cutting Knowledge Date: December 2023\n"
     "Today Date: 26 Jul 2024\n"
     "\n"
     "You are a tool user.<|eot_id|><|start_header_id|>user<|end_header_id|>\n"
     "\n"
     "Given the following functions, please respond with a JSON for a function call with its proper "
     "arguments that best answers the given prompt.\n"
     "\n"
     "Respond in the format {\"name\": function name, \"parameters\": dictionary of argument name and its "
     "value}.Do not use variables.\n"
     "\n"
     "{\n"
     "    \"type\": \"function\",\n"
     "    \"function\": {\n"
     "        \"name\": \"get_weather\",\n"
     "        \"description\": \"Get the weather for a city\",\n"
     "        \"parameters\": {\n"
     "            \"type\": \"object\",\n"
     "            \"properties\": {\n"
     "                \"city\": {\n"
     "                    \"type\": \"string\",\n"
     "                    \"description\": \"City name, e.g. Zürich\"\n"
     "                },\n"
     "                \"unit\": {\n"
     "                    \"type\": \"string\",\n"
     "                    \"enum\": [\n"
     "                        \"c\",\n"
     "                        \"f\"\n"
     "                    ]\n"
     "                }\n"
     "            },\n"
     "            \"required\": [\n"
     "                \"city\"\n"
     "            ]\n"
     "        }\n"
     "    }\n"
     "}\n"
     "\n"
     "Weather in Zürich?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n"
     "\n"
     "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Zürich\", \"unit\": "
     "\"c\"}}<|eot_id|><|start_header_id|>ipython<|end_header_id|>\n"
     "\n"
     "\"{\\\"temp\\\": 21}\"<|eot_id|><|start_header_id|>ipython<|end_header_id|>\n"
     "\n"
     "\"second\"<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n"
     "\n"
     "It is 21 °C.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n"
     "\n",
     nullptr},
    {"llama32",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"You are a tool user.\"}, {\"role\": \"user\", "
     "\"content\": \"Weather in Zürich?\"}, {\"role\": \"assistant\", \"content\": \"\", \"tool_calls\": "
     "[{\"id\": \"abc123xyz\", \"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
     "\"arguments\": {\"city\": \"Zürich\", \"unit\": \"c\"}}}]}, {\"role\": \"tool\", \"tool_call_id\": "
     "\"abc123xyz\", \"content\": \"{\\\"temp\\\": 21}\"}, {\"role\": \"tool\", \"tool_call_id\": "
     "\"abc123xyz\", \"content\": \"second\"}, {\"role\": \"assistant\", \"content\": \"It is 21 °C.\"}], "
     "\"add_generation_prompt\": false, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "<s><|start_header_id|>system<|end_header_id|>\n"
     "\n"
     "Cutting Knowledge Date: December 2023\n"
     "Today Date: 26 Jul 2024\n"
     "\n"
     "You are a tool user.<|eot_id|><|start_header_id|>user<|end_header_id|>\n"
     "\n"
     "Weather in Zürich?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n"
     "\n"
     "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Zürich\", \"unit\": "
     "\"c\"}}<|eot_id|><|start_header_id|>ipython<|end_header_id|>\n"
     "\n"
     "\"{\\\"temp\\\": 21}\"<|eot_id|><|start_header_id|>ipython<|end_header_id|>\n"
     "\n"
     "\"second\"<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n"
     "\n"
     "It is 21 °C.<|eot_id|>",
     nullptr},
    {"mistral_tools",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"assistant\", \"content\": "
     "\"b\"}, {\"role\": \"user\", \"content\": \"c\"}], \"add_generation_prompt\": true, \"bos_token\": "
     "\"<s>\", \"eos_token\": \"</s>\"}",
     "<s>[INST] a[/INST] b</s>[INST] c[/INST]", nullptr},
    {"mistral_tools",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"You are a tool user.\"}, {\"role\": \"user\", "
     "\"content\": \"Weather in Zürich?\"}, {\"role\": \"assistant\", \"content\": \"\", \"tool_calls\": "
     "[{\"id\": \"abc123xyz\", \"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
     "\"arguments\": {\"city\": \"Zürich\", \"unit\": \"c\"}}}]}, {\"role\": \"tool\", \"tool_call_id\": "
     "\"abc123xyz\", \"content\": \"{\\\"temp\\\": 21}\"}, {\"role\": \"tool\", \"tool_call_id\": "
     "\"abc123xyz\", \"content\": \"second\"}, {\"role\": \"assistant\", \"content\": \"It is 21 °C.\"}], "
     "\"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\", \"tools\": "
     "[{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Get the weather "
     "for a city\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", "
     "\"description\": \"City name, e.g. Zürich\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"c\", "
     "\"f\"]}}, \"required\": [\"city\"]}}}]}",
     "<s>[AVAILABLE_TOOLS] [{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
     "\"description\": \"Get the weather for a city\", \"parameters\": {\"type\": \"object\", "
     "\"properties\": {\"city\": {\"type\": \"string\", \"description\": \"City name, e.g. Zürich\"}, "
     "\"unit\": {\"type\": \"string\", \"enum\": [\"c\", \"f\"]}}, \"required\": "
     "[\"city\"]}}}][/AVAILABLE_TOOLS][INST] Weather in Zürich?[/INST][TOOL_CALLS] [{\"name\": "
     "\"get_weather\", \"arguments\": {\"city\": \"Zürich\", \"unit\": \"c\"}, \"id\": "
     "\"abc123xyz\"}]</s>[TOOL_RESULTS] {\"content\": {\"temp\": 21}, \"call_id\": "
     "\"abc123xyz\"}[/TOOL_RESULTS][TOOL_RESULTS] {\"content\": second, \"call_id\": "
     "\"abc123xyz\"}[/TOOL_RESULTS] It is 21 °C.</s>",
     nullptr},
    {"mistral_tools",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", "
     "\"content\": \"Hi\\n\"}, {\"role\": \"assistant\", \"content\": \" Hello! \"}, {\"role\": \"user\", "
     "\"content\": \"Ünïcödé ✓ \\\"quotes\\\" and 'apostrophes'\\ttab\"}], \"add_generation_prompt\": false, "
     "\"bos_token\": \"<s>\", \"eos_token\": \"</s>\", \"tools\": [{\"type\": \"function\", \"function\": "
     "{\"name\": \"get_weather\", \"description\": \"Get the weather for a city\", \"parameters\": "
     "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", \"description\": \"City name, "
     "e.g. Zürich\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"c\", \"f\"]}}, \"required\": "
     "[\"city\"]}}}]}",
     "<s>[INST] Hi\n"
     "[/INST] Hello!</s>[AVAILABLE_TOOLS] [{\"type\": \"function\", \"function\": {\"name\": "
     "\"get_weather\", \"description\": \"Get the weather for a city\", \"parameters\": {\"type\": "
     "\"object\", \"properties\": {\"city\": {\"type\": \"string\", \"description\": \"City name, e.g. "
     "Zürich\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"c\", \"f\"]}}, \"required\": "
     "[\"city\"]}}}][/AVAILABLE_TOOLS][INST]   Be brief.  \n"
     "\n"
     "Ünïcödé ✓ \"quotes\" and 'apostrophes'\ttab[/INST]",
     nullptr},
    {"mistral_tools",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"user\", \"content\": \"b\"}], "
     "\"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     nullptr,
     "After the optional system message, conversation roles must alternate "
     "user/assistant/user/assistant/..."},
    {"macros",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"sys\"}, {\"role\": \"user\", \"content\": "
     "[{\"type\": \"text\", \"text\": \"What is in \"}, {\"type\": \"image\"}, {\"type\": \"text\", "
     "\"text\": \"this image?\"}]}, {\"role\": \"assistant\", \"content\": \"  A cat.  \"}], "
     "\"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "<|USER|> What is in <image>this image?\n"
     "<|ASSISTANT|> A cat.\n"
     "SYSTEM: sys\n"
     "count=2 roles=system,user,assistant\n"
     "<|ASSISTANT|>",
     nullptr},
    {"macros",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", "
     "\"content\": \"Hi\\n\"}, {\"role\": \"assistant\", \"content\": \" Hello! \"}, {\"role\": \"user\", "
     "\"content\": \"Ünïcödé ✓ \\\"quotes\\\" and 'apostrophes'\\ttab\"}], \"add_generation_prompt\": false, "
     "\"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "<|USER|> Hi\n"
     "<|ASSISTANT|> Hello!\n"
     "<|USER|> Ünïcödé ✓ \"quotes\" and 'apostrophes'\ttab\n"
     "SYSTEM:   Be brief.  \n"
     "count=3 roles=system,user,assistant",
     nullptr},
    {"deepseek",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"q1\"}, {\"role\": \"assistant\", \"content\": "
     "\"<think>\\nreasoning here\\n</think>\\n\\nanswer one\"}, {\"role\": \"user\", \"content\": \"q2\"}, "
     "{\"role\": \"assistant\", \"content\": \"<think>more</think>final\"}], \"add_generation_prompt\": "
     "true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "<s><｜User｜>q1<｜Assistant｜>\n"
     "\n"
     "answer "
     "one<｜end▁of▁sentence｜><｜User｜>q2<｜Assistant｜>final<｜end▁of▁sentence｜><｜Assistant｜><think>\n",
     nullptr},
    {"deepseek",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"You are a tool user.\"}, {\"role\": \"user\", "
     "\"content\": \"Weather in Zürich?\"}, {\"role\": \"assistant\", \"content\": \"\", \"tool_calls\": "
     "[{\"id\": \"abc123xyz\", \"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
     "\"arguments\": {\"city\": \"Zürich\", \"unit\": \"c\"}}}]}, {\"role\": \"tool\", \"tool_call_id\": "
     "\"abc123xyz\", \"content\": \"{\\\"temp\\\": 21}\"}, {\"role\": \"tool\", \"tool_call_id\": "
     "\"abc123xyz\", \"content\": \"second\"}, {\"role\": \"assistant\", \"content\": \"It is 21 °C.\"}], "
     "\"add_generation_prompt\": true, \"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "<s>You are a tool user.<｜User｜>Weather in "
     "Zürich?<｜Assistant｜><｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n"
     "```json\n"
     "{\"city\": \"Zürich\", \"unit\": \"c\"}\n"
     "```<｜tool▁call▁end｜><｜tool▁calls▁end｜><｜end▁of▁sentence｜><｜tool▁outputs▁begin｜><"
     "｜tool▁output▁begin｜>{\"temp\": "
     "21}<｜tool▁output▁end｜><｜tool▁output▁begin｜>second<｜tool▁output▁end｜><｜tool▁outputs▁end｜>It is "
     "21 °C.<｜end▁of▁sentence｜><｜Assistant｜><think>\n",
     nullptr},
    {"deepseek",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"Hello there\"}], \"add_generation_prompt\": false, "
     "\"bos_token\": \"<s>\", \"eos_token\": \"</s>\"}",
     "<s><｜User｜>Hello there", nullptr},
    {"qwen3",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"q1\"}, {\"role\": \"assistant\", \"content\": "
     "\"<think>\\nreasoning here\\n</think>\\n\\nanswer one\"}, {\"role\": \"user\", \"content\": \"q2\"}, "
     "{\"role\": \"assistant\", \"content\": \"<think>more</think>final\"}], \"add_generation_prompt\": "
     "true, \"eos_token\": \"<|im_end|>\"}",
     "<|im_start|>user\n"
     "q1<|im_end|>\n"
     "<|im_start|>assistant\n"
     "answer one<|im_end|>\n"
     "<|im_start|>user\n"
     "q2<|im_end|>\n"
     "<|im_start|>assistant\n"
     "<think>\n"
     "more\n"
     "</think>\n"
     "\n"
     "final<|im_end|>\n"
     "<|im_start|>assistant\n",
     nullptr},
    {"qwen3",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"q1\"}, {\"role\": \"assistant\", \"content\": "
     "\"<think>\\nreasoning here\\n</think>\\n\\nanswer one\"}, {\"role\": \"user\", \"content\": \"q2\"}, "
     "{\"role\": \"assistant\", \"content\": \"<think>more</think>final\"}], \"add_generation_prompt\": "
     "false, \"eos_token\": \"<|im_end|>\"}",
     "<|im_start|>user\n"
     "q1<|im_end|>\n"
     "<|im_start|>assistant\n"
     "answer one<|im_end|>\n"
     "<|im_start|>user\n"
     "q2<|im_end|>\n"
     "<|im_start|>assistant\n"
     "<think>\n"
     "more\n"
     "</think>\n"
     "\n"
     "final<|im_end|>\n",
     nullptr},
    {"qwen3",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": "
     "\"a\", \"reasoning_content\": \"because\"}], \"add_generation_prompt\": false, \"eos_token\": "
     "\"<|im_end|>\"}",
     "<|im_start|>user\n"
     "q<|im_end|>\n"
     "<|im_start|>assistant\n"
     "<think>\n"
     "because\n"
     "</think>\n"
     "\n"
     "a<|im_end|>\n",
     nullptr},
    {"qwen3",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"You are a tool user.\"}, {\"role\": \"user\", "
     "\"content\": \"Weather in Zürich?\"}, {\"role\": \"assistant\", \"content\": \"\", \"tool_calls\": "
     "[{\"id\": \"abc123xyz\", \"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
     "\"arguments\": {\"city\": \"Zürich\", \"unit\": \"c\"}}}]}, {\"role\": \"tool\", \"tool_call_id\": "
     "\"abc123xyz\", \"content\": \"{\\\"temp\\\": 21}\"}, {\"role\": \"tool\", \"tool_call_id\": "
     "\"abc123xyz\", \"content\": \"second\"}, {\"role\": \"assistant\", \"content\": \"It is 21 °C.\"}], "
     "\"add_generation_prompt\": true, \"eos_token\": \"<|im_end|>\", \"tools\": [{\"type\": \"function\", "
     "\"function\": {\"name\": \"get_weather\", \"description\": \"Get the weather for a city\", "
     "\"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", "
     "\"description\": \"City name, e.g. Zürich\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"c\", "
     "\"f\"]}}, \"required\": [\"city\"]}}}]}",
     "<|im_start|>system\n"
     "You are a tool user.\n"
     "\n"
     "# Tools\n"
     "\n"
     "You may call one or more functions to assist with the user query.\n"
     "\n"
     "You are provided with function signatures within <tools></tools> XML tags:\n"
     "<tools>\n"
     "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Get the weather "
     "for a city\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", "
     "\"description\": \"City name, e.g. Zürich\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"c\", "
     "\"f\"]}}, \"required\": [\"city\"]}}}\n"
     "</tools>\n"
     "\n"
     "For each function call, return a json object with function name and arguments within "
     "<tool_call></tool_call> XML tags:\n"
     "<tool_call>\n"
     "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n"
     "</tool_call><|im_end|>\n"
     "<|im_start|>user\n"
     "Weather in Zürich?<|im_end|>\n"
     "<|im_start|>assistant\n"
     "<tool_call>\n"
     "{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Zürich\", \"unit\": \"c\"}}\n"
     "</tool_call><|im_end|>\n"
     "<|im_start|>user\n"
     "<tool_response>\n"
     "{\"temp\": 21}\n"
     "</tool_response>\n"
     "<tool_response>\n"
     "second\n"
     "</tool_response><|im_end|>\n"
     "<|im_start|>assistant\n"
     "<think>\n"
     "\n"
     "</think>\n"
     "\n"
     "It is 21 °C.<|im_end|>\n"
     "<|im_start|>assistant\n",
     nullptr},
    {"qwen3",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"Weather?\"}, {\"role\": \"assistant\", "
     "\"content\": \"Let me check.\", \"tool_calls\": [{\"type\": \"function\", \"function\": {\"name\": "
     "\"get_weather\", \"arguments\": \"{\\\"city\\\": \\\"Paris\\\"}\"}}, {\"type\": \"function\", "
     "\"function\": {\"name\": \"get_weather\", \"arguments\": {\"city\": \"Rome\"}}}]}, {\"role\": "
     "\"tool\", \"content\": \"sunny\"}], \"add_generation_prompt\": false, \"eos_token\": \"<|im_end|>\"}",
     "<|im_start|>user\n"
     "Weather?<|im_end|>\n"
     "<|im_start|>assistant\n"
     "Let me check.\n"
     "<tool_call>\n"
     "{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n"
     "</tool_call>\n"
     "<tool_call>\n"
     "{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Rome\"}}\n"
     "</tool_call><|im_end|>\n"
     "<|im_start|>user\n"
     "<tool_response>\n"
     "sunny\n"
     "</tool_response><|im_end|>\n",
     nullptr},
    {"qwen3",
     "{\"messages\": [{\"role\": \"user\", \"content\": \"Hello there\"}], \"add_generation_prompt\": true, "
     "\"eos_token\": \"<|im_end|>\", \"enable_thinking\": false}",
     "<|im_start|>user\n"
     "Hello there<|im_end|>\n"
     "<|im_start|>assistant\n"
     "<think>\n"
     "\n"
     "</think>\n"
     "\n",
     nullptr},
    {"qwen3",
     "{\"messages\": [{\"role\": \"system\", \"content\": \"  Be brief.  \"}, {\"role\": \"user\", "
     "\"content\": \"Hi\\n\"}, {\"role\": \"assistant\", \"content\": \" Hello! \"}, {\"role\": \"user\", "
     "\"content\": \"Ünïcödé ✓ \\\"quotes\\\" and 'apostrophes'\\ttab\"}], \"add_generation_prompt\": true, "
     "\"eos_token\": \"<|im_end|>\", \"tools\": [{\"type\": \"function\", \"function\": {\"name\": "
     "\"get_weather\", \"description\": \"Get the weather for a city\", \"parameters\": {\"type\": "
     "\"object\", \"properties\": {\"city\": {\"type\": \"string\", \"description\": \"City name, e.g. "
     "Zürich\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"c\", \"f\"]}}, \"required\": [\"city\"]}}}]}",
     "<|im_start|>system\n"
     "  Be brief.  \n"
     "\n"
     "# Tools\n"
     "\n"
     "You may call one or more functions to assist with the user query.\n"
     "\n"
     "You are provided with function signatures within <tools></tools> XML tags:\n"
     "<tools>\n"
     "{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"description\": \"Get the weather "
     "for a city\", \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", "
     "\"description\": \"City name, e.g. Zürich\"}, \"unit\": {\"type\": \"string\", \"enum\": [\"c\", "
     "\"f\"]}}, \"required\": [\"city\"]}}}\n"
     "</tools>\n"
     "\n"
     "For each function call, return a json object with function name and arguments within "
     "<tool_call></tool_call> XML tags:\n"
     "<tool_call>\n"
     "{\"name\": <function-name>, \"arguments\": <args-json-object>}\n"
     "</tool_call><|im_end|>\n"
     "<|im_start|>user\n"
     "Hi\n"
     "<|im_end|>\n"
     "<|im_start|>assistant\n"
     " Hello! <|im_end|>\n"
     "<|im_start|>user\n"
     "Ünïcödé ✓ \"quotes\" and 'apostrophes'\ttab<|im_end|>\n"
     "<|im_start|>assistant\n",
     nullptr},
};

RenderOptions pinnedClock() {
    RenderOptions o;
    o.strftimeNow = [](const std::string&) { return std::string("26 Jul 2024"); };
    return o;
}

// Contexts keep their key order (ordered_json), as Python dicts do: tojson prints keys in that order.
std::string renderWith(const std::string& source, const std::string& context, const std::string& name = "t") {
    return Template::parse(source, name).renderOrdered(ojson::parse(context), pinnedClock());
}

std::string readTemplate(const std::string& family) {
    const json cfg = json::parse(
        owqtest::readFile(owqtest::sharedPath("tokenizers/" + family + "/tokenizer_config.json")));
    return cfg.value("chat_template", std::string());
}

// bos_token/eos_token as transformers passes them: a null token is left out (undefined in the template).
ojson specialTokens(const std::string& family) {
    const json cfg = json::parse(
        owqtest::readFile(owqtest::sharedPath("tokenizers/" + family + "/tokenizer_config.json")));
    ojson ctx = ojson::object();
    for (const char* key : {"bos_token", "eos_token"})
        if (cfg.contains(key) && cfg.at(key).is_string()) ctx[key] = cfg.at(key).get<std::string>();
    return ctx;
}

} // namespace

class TestJinja : public QObject {
    Q_OBJECT

private slots:
    // chat-renders.json: Jinja2's renders of the llama3 and qwen3 templates, byte for byte.
    void fixtureChatRenders() {
        OWQ_REQUIRE_SHARED();
        const ojson renders =
            ojson::parse(owqtest::readFile(owqtest::sharedPath("tokenizers/chat-renders.json")));
        int checked = 0;
        for (const char* family : {"llama3", "qwen3"}) {
            const Template t = Template::parse(readTemplate(family), family);
            for (const auto& c : renders.at(family)) {
                ojson ctx = specialTokens(family);
                ctx["messages"] = c.at("messages");
                ctx["add_generation_prompt"] = c.at("add_generation_prompt");
                const std::string got = t.renderOrdered(ctx, pinnedClock());
                QCOMPARE(QByteArray::fromStdString(got),
                         QByteArray::fromStdString(c.at("rendered").get<std::string>()));
                ++checked;
            }
        }
        QCOMPARE(checked, 8);
        // sp-bpe-32k has no chat_template: nothing to render.
        QVERIFY(renders.at("sp-bpe-32k").empty());
        QVERIFY(readTemplate("sp-bpe-32k").empty());
    }

    // bpe-cases.json chats: transformers.js' renders (add_generation_prompt defaults to false there). Its
    // parser fails on qwen3's template ("messages[::-1]"); ours renders it as Python's Jinja2 does.
    void fixtureBpeCaseChats() {
        OWQ_REQUIRE_SHARED();
        const ojson cases = ojson::parse(owqtest::readFile(owqtest::sharedPath("tokenizers/bpe-cases.json")));
        const ojson renders =
            ojson::parse(owqtest::readFile(owqtest::sharedPath("tokenizers/chat-renders.json")));
        int compared = 0, pythonChecked = 0;
        for (const char* family : {"llama3", "qwen3", "sp-bpe-32k"}) {
            const std::string source = readTemplate(family);
            for (const auto& chat : cases.at(family).at("chats")) {
                if (source.empty()) {
                    QVERIFY(chat.contains("error"));
                    continue;
                }
                ojson ctx = specialTokens(family);
                ctx["messages"] = chat.at("messages");
                ctx["add_generation_prompt"] = false;
                const std::string got = Template::parse(source, family).renderOrdered(ctx, pinnedClock());
                if (chat.contains("rendered")) {
                    QCOMPARE(QByteArray::fromStdString(got),
                             QByteArray::fromStdString(chat.at("rendered").get<std::string>()));
                    ++compared;
                }
                for (const auto& r : renders.at(family))
                    if (r.at("messages") == chat.at("messages") &&
                        !r.at("add_generation_prompt").get<bool>()) {
                        QCOMPARE(QByteArray::fromStdString(got),
                                 QByteArray::fromStdString(r.at("rendered").get<std::string>()));
                        ++pythonChecked;
                    }
            }
        }
        QCOMPARE(compared, 2);
        QCOMPARE(pythonChecked, 4);
    }

    void constructs_data() {
        QTest::addColumn<QByteArray>("source");
        QTest::addColumn<QByteArray>("context");
        QTest::addColumn<QByteArray>("expected");
        for (const auto& c : kConstructCases)
            QTest::newRow(c.name) << QByteArray(c.source) << QByteArray(c.context) << QByteArray(c.expected);
    }

    void constructs() {
        QFETCH(QByteArray, source);
        QFETCH(QByteArray, context);
        QFETCH(QByteArray, expected);
        std::string got;
        try {
            got = renderWith(source.toStdString(), context.toStdString());
        } catch (const owq::Error& e) {
            QFAIL(e.what());
        }
        QCOMPARE(QByteArray::fromStdString(got), expected);
    }

    void realWorldTemplates_data() {
        QTest::addColumn<QByteArray>("templ");
        QTest::addColumn<QByteArray>("context");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<QByteArray>("error");
        int i = 0;
        for (const auto& c : kRealCases) {
            const std::string row = std::string(c.templ) + "#" + std::to_string(i++);
            QTest::newRow(row.c_str())
                << QByteArray(c.templ) << QByteArray(c.context) << QByteArray(c.expected ? c.expected : "")
                << QByteArray(c.error ? c.error : "");
        }
    }

    void realWorldTemplates() {
        QFETCH(QByteArray, templ);
        QFETCH(QByteArray, context);
        QFETCH(QByteArray, expected);
        QFETCH(QByteArray, error);
        std::string source;
        if (templ == "qwen3") {
            OWQ_REQUIRE_SHARED();
            source = readTemplate("qwen3");
        } else {
            for (const auto& t : kTemplates)
                if (templ == t[0]) source = t[1];
        }
        QVERIFY(!source.empty());
        const Template t = Template::parse(source, templ.toStdString());
        if (error.isEmpty()) {
            const std::string got = t.renderOrdered(ojson::parse(context.toStdString()), pinnedClock());
            QCOMPARE(QByteArray::fromStdString(got), expected);
            return;
        }
        const auto err =
            catchError([&] { t.renderOrdered(ojson::parse(context.toStdString()), pinnedClock()); });
        QVERIFY(err.has_value());
        QCOMPARE(int(err->kind()), int(ErrorKind::InvalidArgument));
        QVERIFY2(contains(err->what(), error.toStdString()), err->what());
    }

    // Syntax Jinja has and the subset does not: a clear Unsupported error at parse time, naming the feature
    // and where it is.
    void unsupportedSyntax() {
        const std::pair<const char*, const char*> cases[] = {
            {"{% call foo() %}x{% endcall %}", "t:1:4: '{% call %}' is not supported"},
            {"a\n  {% include 'other.j2' %}", "t:2:6: '{% include %}' is not supported"},
            {"{% extends 'base' %}", "'{% extends %}' is not supported"},
            {"{% import 'm' as m %}", "'{% import %}' is not supported"},
            {"{% block body %}{% endblock %}", "'{% block %}' is not supported"},
            {"{% for x in y recursive %}{% endfor %}", "t:1:15: recursive for loops are not supported"},
            {"{{ f(*args) }}", "t:1:6: '*args' and '**kwargs' in calls are not supported"},
            {"{{ '\\N{BULLET}' }}", "t:1:5: '\\N{...}' escapes are not supported"},
            {"{% for (a, (b, c)) in x %}{% endfor %}", "nested unpacking targets are not supported"},
        };
        for (const auto& [source, part] : cases) {
            const auto err = catchError([&] { Template::parse(source, "t"); });
            QVERIFY2(err.has_value(), source);
            QCOMPARE(int(err->kind()), int(ErrorKind::Unsupported));
            QVERIFY2(contains(err->what(), part), err->what());
        }
    }

    // A Jinja filter, test or method outside the subset fails where rendering meets it, like Jinja would for
    // a runtime error: a template using one in a branch never taken still renders.
    void unsupportedAtRender() {
        const std::pair<const char*, const char*> cases[] = {
            {"{{ 'a b'|wordcount }}", "t:1:10: filter 'wordcount' is not supported"},
            {"x\n{{ s|truncate(3) }}", "t:2:6: filter 'truncate' is not supported"},
            {"{{ s is escaped }}", "t:1:9: test 'escaped' is not supported"},
            {"{{ 'abc'.zfill(5) }}", "t:1:15: method 'str.zfill' is not supported"},
            {"{{ [1].append(2) }}", "method 'list.append' is not allowed"},
            {"{{ {'a': 1}.update({}) }}", "method 'dict.update' is not allowed"},
            {"{{ ['a']|map('wordcount')|list }}", "filter 'wordcount' is not supported"},
            {"{{ 2 ** 100 }}", "integer overflow"},
        };
        for (const auto& [source, part] : cases) {
            const Template t = Template::parse(source, "t");
            const auto err = catchError([&] { t.render(json{{"s", "text"}}); });
            QVERIFY2(err.has_value(), source);
            QCOMPARE(int(err->kind()), int(ErrorKind::Unsupported));
            QVERIFY2(contains(err->what(), part), err->what());
        }
        QCOMPARE(Template::parse("{% if false %}{{ x|wordcount }}{% endif %}ok").render(json::object()),
                 std::string("ok"));
    }

    void malformedTemplates() {
        const std::pair<const char*, const char*> cases[] = {
            {"{{ x|nosuchfilter }}", "t:1:6: no filter named 'nosuchfilter'"},
            {"{% if x is nosuchtest %}{% endif %}", "t:1:12: no test named 'nosuchtest'"},
            {"{% frobnicate %}", "t:1:4: unknown tag 'frobnicate'"},
            {"a{% endif %}", "t:1:5: unexpected 'endif'"},
            {"{% if x %}\nabc", "expected 'elif' or 'else' or 'endif' to close the '{% if %}' at 1:4"},
            {"{% for x in y %}{% if x %}{% endfor %}", "unexpected 'endfor'"},
            {"{{ 'abc' }", "t:1:10: unexpected '}'"},
            {"{{ x + }}", "t:1:8: unexpected '}}'"},
            {"{{ \"open }}", "t:1:4: unterminated string literal"},
            {"{# never closed", "t:1:1: unterminated comment"},
            {"{{ x", "'{{' is never closed"},
            {"{% break %}", "t:1:4: 'break' outside of a loop"},
            {"{% set %}", "expected a name"},
            {"{% macro m(a=1, b) %}{% endmacro %}", "non-default argument follows default argument"},
            {"{{ x is defined is defined }}", "you cannot chain multiple tests with 'is'"},
            {"{% raw %}never ended", "missing '{% endraw %}'"},
            {"{{ 1 ? 2 }}", "t:1:6: unexpected character '?'"},
        };
        for (const auto& [source, part] : cases) {
            const auto err = catchError([&] { Template::parse(source, "t"); });
            QVERIFY2(err.has_value(), source);
            QCOMPARE(int(err->kind()), int(ErrorKind::Format));
            QVERIFY2(contains(err->what(), part), err->what());
        }
    }

    void raiseException() {
        const Template t = Template::parse(
            "{% for m in messages %}{% if (m.role == 'user') != (loop.index0 % 2 == 0) %}"
            "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}"
            "{% endif %}{{ m.content }}{% endfor %}",
            "gemma");
        QCOMPARE(t.render(json{{"messages", {{{"role", "user"}, {"content", "a"}}}}}), std::string("a"));
        const auto err = catchError([&] {
            t.render(json{
                {"messages", {{{"role", "user"}, {"content", "a"}}, {{"role", "user"}, {"content", "b"}}}}});
        });
        QVERIFY(err.has_value());
        QCOMPARE(int(err->kind()), int(ErrorKind::InvalidArgument));
        QCOMPARE(std::string(err->what()), std::string("gemma: raise_exception: Conversation roles must "
                                                       "alternate user/assistant/user/assistant/..."));
    }

    // What Jinja raises at run time (UndefinedError, TypeError, ZeroDivisionError) is InvalidArgument, with
    // the position.
    void runtimeErrors() {
        const std::pair<const char*, const char*> cases[] = {
            {"{{ missing.attr }}", "t:1:11: 'missing' is undefined"},
            {"{{ d.zz.y }}", "t:1:8: 'dict object' has no attribute 'zz'"},
            {"{{ messages[0].content.startswith('x') }}", "'list object' has no attribute 'startswith'"},
            {"{{ missing + 'a' }}", "'missing' is undefined"},
            {"{{ 'a' + 1 }}", "can only concatenate str (not \"int\") to str"},
            {"{{ 1 // 0 }}", "integer division or modulo by zero"},
            {"{{ 1 / 0 }}", "division by zero"},
            {"{{ 3 < 'a' }}", "'<' not supported between instances of 'int' and 'str'"},
            {"{{ missing() }}", "'missing' is undefined"},
            {"{{ 'x'() }}", "'str' object is not callable"},
            {"{% for a, b in [1] %}{% endfor %}", "'int' object is not iterable"},
            {"{% set a, b = [1, 2, 3] %}", "too many values to unpack (expected 2)"},
            {"{% set x = 1 %}{% set x.a = 2 %}", "cannot assign attribute on non-namespace object"},
            {"{{ missing|tojson }}", "Object of type Undefined is not JSON serializable"},
            {"{{ 'abc'.index('z') }}", "substring not found"},
            {"{{ none|length }}", "object of type 'NoneType' has no len()"},
        };
        const json ctx = {{"d", {{"a", 1}}}, {"messages", {{{"role", "user"}, {"content", json::array()}}}}};
        for (const auto& [source, part] : cases) {
            const auto err = catchError([&] { Template::parse(source, "t").render(ctx); });
            QVERIFY2(err.has_value(), source);
            QCOMPARE(int(err->kind()), int(ErrorKind::InvalidArgument));
            QVERIFY2(contains(err->what(), part), err->what());
        }
        const auto notObject = catchError([&] { Template::parse("x").render(json::array()); });
        QVERIFY(notObject.has_value());
        QCOMPARE(int(notObject->kind()), int(ErrorKind::InvalidArgument));
    }

    // Hostile templates end in an error, never a crash, a hang or unbounded memory.
    void bounds() {
        struct Case {
            const char* source;
            ErrorKind kind;
            const char* part;
        };
        std::string plusChain = "{{ 1";
        for (int i = 0; i < 20000; ++i) plusChain += "+1";
        plusChain += " }}";
        std::string attrChain = "{{ x";
        for (int i = 0; i < 20000; ++i) attrChain += ".a";
        attrChain += " }}";
        const std::string brackets = "{{ " + std::string(3000, '[') + std::string(3000, ']') + " }}";
        std::string ifs;
        for (int i = 0; i < 3000; ++i) ifs += "{% if true %}";
        const Case cases[] = {
            {"{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", ErrorKind::Resource, "nested"},
            {plusChain.c_str(), ErrorKind::Resource, "expression nested too deeply"},
            {attrChain.c_str(), ErrorKind::Resource, "expression nested too deeply"},
            {brackets.c_str(), ErrorKind::Resource, "template nesting is too deep"},
            {ifs.c_str(), ErrorKind::Resource, "template nesting is too deep"},
            {"{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}", ErrorKind::Resource,
             "rendered output exceeds 67108864 bytes"},
            {"{% set ns = namespace(s='x') %}{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}{% endfor "
             "%}",
             ErrorKind::Resource, "exceeds 67108864 bytes"},
            {"{{ 'x' * 100000000000 }}", ErrorKind::Resource, "exceeds"},
            {"{{ range(1000000)|length }}", ErrorKind::Resource, "range too big"},
            {"{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
             ErrorKind::Resource, "loop iterations"},
            {"{% set ns = namespace(x=[]) %}{% for i in range(5000) %}{% set ns.x = [ns.x] %}{% endfor %}",
             ErrorKind::Resource, "values nested deeper than 1000 levels"},
            {"{% set ns = namespace() %}{% set ns.me = [ns] %}{{ ns }}", ErrorKind::Unsupported,
             "a namespace cannot contain itself"},
        };
        for (const auto& c : cases) {
            const auto err = catchError([&] { Template::parse(c.source, "t").render(json{{"x", "y"}}); });
            QVERIFY2(err.has_value(), c.source);
            QVERIFY2(err->kind() == c.kind, err->what());
            QVERIFY2(contains(err->what(), c.part), err->what());
        }
        // The limits are options.
        RenderOptions small;
        small.maxOutputBytes = 100;
        small.maxLoopIterations = 10;
        small.maxMacroDepth = 3;
        const auto out =
            catchError([&] { Template::parse("{{ 'x' * 101 }}").render(json::object(), small); });
        QVERIFY(out && out->kind() == ErrorKind::Resource);
        const auto loops = catchError(
            [&] { Template::parse("{% for i in range(11) %}{% endfor %}").render(json::object(), small); });
        QVERIFY(loops && loops->kind() == ErrorKind::Resource);
        const auto macros = catchError([&] {
            Template::parse("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(5) }}")
                .render(json::object(), small);
        });
        QVERIFY(macros && macros->kind() == ErrorKind::Resource);
        QCOMPARE(Template::parse(
                     "{% macro f(n) %}{% if n %}{{ n }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(2) }}")
                     .render(json::object(), small),
                 std::string("21"));
    }

    // nlohmann::json objects iterate in sorted key order; renderOrdered keeps the caller's order.
    void contextKinds() {
        const Template t = Template::parse("{{ d|tojson }} {{ n }} {{ missing is defined }} {{ big }}", "t");
        QCOMPARE(
            t.render(json{{"d", {{"b", 1}, {"a", 2}}}, {"n", nullptr}, {"big", 18446744073709551615ull}}),
            std::string("{\"a\": 2, \"b\": 1} None False 1.8446744073709552e+19"));
        QCOMPARE(t.renderOrdered(ojson{{"d", {{"b", 1}, {"a", 2}}}, {"n", nullptr}, {"big", 1}}),
                 std::string("{\"b\": 1, \"a\": 2} None False 1"));
        QCOMPARE(t.name(), std::string("t"));
    }

    // Without an override strftime_now reads the local clock ("%d %b %Y" is "26 Jul 2024"-shaped).
    void strftimeNowDefault() {
        const std::string s = Template::parse("{{ strftime_now('%d %b %Y') }}").render(json::object());
        QCOMPARE(int(s.size()), 11);
        QVERIFY(s[2] == ' ' && s[6] == ' ');
    }

    // How long the qwen3 template (the largest fixture) takes to render, for the log.
    void renderSpeed() {
        OWQ_REQUIRE_SHARED();
        const Template t = Template::parse(readTemplate("qwen3"), "qwen3");
        const json ctx = {{"messages",
                           {{{"role", "system"}, {"content", "You are terse."}},
                            {{"role", "user"}, {"content", "Hi"}},
                            {{"role", "assistant"}, {"content", "Hello."}},
                            {{"role", "user"}, {"content", "Bye"}}}},
                          {"add_generation_prompt", true},
                          {"eos_token", "<|im_end|>"}};
        const int n = 200;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < n; ++i) (void)t.render(ctx);
        const double us =
            std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / n;
        // Reported, not asserted: speed goals live in bench/ (a loaded machine must not fail a test).
        qInfo("qwen3 render: %.1f us", us);
    }
};

QTEST_APPLESS_MAIN(TestJinja)
#include "test_jinja.moc"
