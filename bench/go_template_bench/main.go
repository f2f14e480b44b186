// Dev-only comparison for bench/template_bench.cc: renders the same sidecar template with Go's
// text/template + sprig and simplified stand-ins for Istio's helpers (close enough in cost:
// map lookups, string building, encoding/json). Not built or run by the tests or CI.
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go run . INJECT_CONFIG_JSON DATA_JSON SECONDS
//
// INJECT_CONFIG_JSON is the inject-config.yaml converted to JSON (run.sh does it with python3).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/Masterminds/sprig"
)

func lookup(m interface{}, key string) (interface{}, bool) {
	if mm, ok := m.(map[string]interface{}); ok {
		v, ok := mm[key]
		return v, ok
	}
	return nil, false
}

func funcs() template.FuncMap {
	return template.FuncMap{
		"annotation": func(meta interface{}, name string, def interface{}) string {
			ann, _ := lookup(meta, "Annotations")
			if v, ok := lookup(ann, name); ok {
				return fmt.Sprint(v)
			}
			return fmt.Sprint(def)
		},
		"isset": func(m interface{}, key string) bool { _, ok := lookup(m, key); return ok },
		"valueOrDefault": func(v interface{}, d interface{}) interface{} {
			if v == nil || v == "" {
				return d
			}
			return v
		},
		"excludeInboundPort": func(port interface{}, ports string) string {
			p := fmt.Sprint(port)
			if ports == "" || ports == "0" {
				return p
			}
			for _, x := range strings.Split(ports, ",") {
				if x == p {
					return ports
				}
			}
			return ports + "," + p
		},
		"directory":   func(p string) string { d, _ := path.Split(p); return d },
		"toLower":     strings.ToLower,
		"indent":      func(n int, s string) string { return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n)) },
		"omitNil":     func(v interface{}) interface{} { return v },
		"toYaml":      func(v interface{}) string { b, _ := json.Marshal(v); return string(b) + "\n" },
		"protoToJSON": func(v interface{}) string { b, _ := json.Marshal(v); return string(b) },
		"structToJSON": func(v interface{}) string {
			b, _ := json.Marshal(v)
			return string(b)
		},
		"appendMultusNetwork": func(existing, net string) string {
			if existing == "" {
				return net
			}
			return existing + ", " + net
		},
		"contains": func(needle, haystack string) bool { return strings.Contains(haystack, needle) },
		"env":      func(k, d string) string { return d },
		"fromJSON": func(s string) interface{} {
			var v interface{}
			if err := json.Unmarshal([]byte(s), &v); err != nil {
				return "{}"
			}
			return v
		},
		"toJSON": func(m interface{}) string { b, _ := json.Marshal(m); return string(b) },
		"strdict": func(kv ...string) map[string]string {
			out := map[string]string{}
			for i := 0; i+1 < len(kv); i += 2 {
				out[kv[i]] = kv[i+1]
			}
			return out
		},
		"includeInboundPorts": func(c interface{}) string { return "" },
		"applicationPorts":    func(c interface{}) string { return "" },
		"otelResourceAttributes": func(a ...interface{}) string { return "" },
	}
}

// decode gives integers as int64 and other numbers as float64, like the C++ side.
func decode(v interface{}) interface{} {
	switch x := v.(type) {
	case map[string]interface{}:
		for k, e := range x {
			x[k] = decode(e)
		}
	case []interface{}:
		for i, e := range x {
			x[i] = decode(e)
		}
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	}
	return v
}

func main() {
	cfgText, _ := os.ReadFile(os.Args[1])
	dataText, _ := os.ReadFile(os.Args[2])
	// SECONDS, or COUNTx: exactly COUNT renders, the first included (whole-process timing).
	limit := os.Args[3]
	count := 0
	if strings.HasSuffix(limit, "x") {
		count, _ = strconv.Atoi(strings.TrimSuffix(limit, "x"))
	}
	seconds, _ := strconv.ParseFloat(limit, 64)
	var cfg map[string]interface{}
	if err := json.Unmarshal(cfgText, &cfg); err != nil {
		panic(err)
	}
	text := cfg["templates"].(map[string]interface{})["sidecar"].(string)
	t, err := template.New("inject").Funcs(sprig.TxtFuncMap()).Funcs(funcs()).Parse(text)
	if err != nil {
		panic(err)
	}
	dec := json.NewDecoder(bytes.NewReader(dataText))
	dec.UseNumber()
	var data interface{}
	if err := dec.Decode(&data); err != nil {
		panic(err)
	}
	data = decode(data)
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		panic(err)
	}
	size := buf.Len()
	if count > 0 {
		for i := 1; i < count; i++ {
			buf.Reset()
			if err := t.Execute(&buf, data); err != nil {
				panic(err)
			}
		}
		fmt.Printf("output: %d bytes\nrenders: %d\n", size, count)
		return
	}
	renders := 0
	start := time.Now()
	deadline := start.Add(time.Duration(seconds * float64(time.Second)))
	for time.Now().Before(deadline) {
		for i := 0; i < 50; i++ {
			buf.Reset()
			if err := t.Execute(&buf, data); err != nil {
				panic(err)
			}
			renders++
		}
	}
	elapsed := time.Since(start).Seconds()
	fmt.Printf("output: %d bytes\nrenders: %d in %.2f s\nrenders/s: %.0f\nus/render: %.1f\n",
		size, renders, elapsed, float64(renders)/elapsed, elapsed*1e6/float64(renders))
}
