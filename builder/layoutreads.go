package builder

import (
	"html/template"
	"reflect"
	"strings"
	"sync"
	"text/template/parse"
)

// This file reads a layout's templates, before they run, for what
// rendering a page with it may read beyond the page itself, so that a
// build may take a page rendered before as it is (see renderkeys.go):
// whether it may read the body of another page, whether it may show
// the day of the build, and whether it may show when an import was read.
//
// A page's body is what its Markdown gives (pageBodyFields). Everything
// else a layout can reach of any page comes from front matter, places in
// the site and its settings, which a page's render key covers whole. So
// a layout that reads no other page's body renders a page the same while
// that page, the layouts, the settings and every page's front matter and
// links are the same, whatever other pages' bodies say.
//
// The templates are walked from baseof.html with the type of each value
// as Go's reflection gives it, the way text/template would evaluate them,
// through every branch, range, with, variable and template call. A value
// is known safe when it is the page being rendered (.Page of the View) or
// a section's intro (.Intro, which render keys hold whole), or cannot
// lead to another page: its type holds no Page (carriesPages), or it
// comes from a safe value's fields, or from any page's front matter. A
// layout may read another page's body when, on a value not known safe,
// it reads a body field; prints the value (text/template prints a
// struct's fields, the body among them); or hands it to a function not
// known to leave the body alone (blindFuncs), or to a method of another
// package. No code of this package reads a page's body but the methods
// of Page that give it, which TestOnlyPagesReadTheirBodies checks, so its
// other methods, such as SiteView.Like, are safe to call with any page.
// Where a type cannot be known (an interface value, a variable given
// values of different types), the walk assumes the worst; View.Data is
// such a value, but for the pages whose Data's type the build knows
// (the pages of areas like one), which are walked with it. A layout
// shows when an import was read if it reads a field named Provenance.

// pageBodyFields are the fields and methods of Page that come from its
// body. Every other exported field and method of Page comes from its
// front matter, where it is in the site and the site's settings, except
// Links, which render keys cover (see renderKeys); TestPageFieldsAreSorted
// checks that each is named here or in pageShapeFields.
var pageBodyFields = map[string]bool{
	"Content": true, "TOC": true, "Headings": true, "Parts": true,
	"Opening": true, "Sections": true, "Lead": true, "Rest": true, "BodySum": true,
}

// pageShapeFields are Page's other exported fields and methods.
var pageShapeFields = []string{
	"File", "Path", "Type", "Section", "URL", "Bundle", "Intro", "Meta", "Front", "Grouping", "Origin",
	"Phase", "Title", "AreaName", "Overdue", "Searchable", "Help", "Links", "Vocabs", "Label",
}

// frontMatterFields are the fields of Page whose type is an interface
// that holds only front matter (a type of package model, which cannot
// hold a Page), so that what they lead to is safe whatever page they are
// of.
var frontMatterFields = map[string]bool{"Front": true}

// blindFuncs are the functions a layout may hand another page without
// its body being read: text/template's that compare, count or pick,
// and the site's that read only front matter.
var blindFuncs = map[string]bool{
	"index": true, "slice": true, "len": true, "and": true, "or": true, "not": true,
	"eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
	"overdue": true, "templates": true,
}

// layoutReads is what rendering a page with a layout may read beyond
// the page.
type layoutReads struct {
	// otherBodies says where the layout may read another page's body
	// ("layouts/x.html:12:5: .Content"), or is "".
	otherBodies string
	// showsDay reports whether it may call SiteView.Built.
	showsDay bool
	// showsFetch reports whether it may read where and when an
	// imported area was read (a field named Provenance, such as
	// compare.Area's), which the shape does not hold.
	showsFetch bool
}

// readsOfLayout walks the templates of set, a layout's, from
// baseof.html, given a View whose Data is of type data (nil when it is
// not known), with funcs the functions they may call.
func readsOfLayout(set *template.Template, funcs template.FuncMap, data reflect.Type) layoutReads {
	w := &readsWalker{set: set, funcs: funcs, data: data, done: map[walkedTemplate]bool{}, widened: map[*parse.VariableNode]tmplValue{}}
	w.template("baseof.html", tmplValue{t: reflect.TypeFor[*View](), safe: true})
	return w.res
}

// A tmplValue is what the walk knows of a value: its type (nil when it
// cannot be known) and whether it is safe (see the top of this file).
type tmplValue struct {
	t    reflect.Type
	safe bool
}

// mayLeadToPage reports whether v may be, or lead to, a page other than
// the one being rendered.
func (v tmplValue) mayLeadToPage() bool {
	return !v.safe && (v.t == nil || carriesPages(v.t))
}

// join returns what is known of a value that may be v or u.
func (v tmplValue) join(u tmplValue) tmplValue {
	if v.t != u.t {
		v.t = nil
	}
	v.safe = v.safe && u.safe
	return v
}

type walkedTemplate struct {
	name string
	dot  tmplValue
}

// A tmplVar is a variable in scope: its name, the node that declared it,
// and its value.
type tmplVar struct {
	name string
	decl *parse.VariableNode
	v    tmplValue
}

type readsWalker struct {
	set   *template.Template
	funcs template.FuncMap
	data  reflect.Type // of View.Data, when known
	done  map[walkedTemplate]bool
	// widened holds, by the node declaring it, what a variable was set
	// to by assignments; changed reports that an assignment widened one,
	// and the template is walked again.
	widened map[*parse.VariableNode]tmplValue
	changed bool
	res     layoutReads
}

// template walks the template name with dot.
func (w *readsWalker) template(name string, dot tmplValue) {
	k := walkedTemplate{name, dot}
	if w.done[k] {
		return
	}
	w.done[k] = true
	t := w.set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return // executing it fails, or writes nothing
	}
	outer := w.changed
	for {
		w.changed = false
		w.list(t.Tree, t.Tree.Root, dot, []tmplVar{{name: "$", v: dot}})
		if !w.changed {
			break
		}
	}
	w.changed = outer
}

// found notes that the layout may read another page's body at node.
func (w *readsWalker) found(tr *parse.Tree, n parse.Node, what string) {
	if w.res.otherBodies == "" {
		loc, _ := tr.ErrorContext(n)
		w.res.otherBodies = loc + ": " + what
	}
}

func (w *readsWalker) list(tr *parse.Tree, l *parse.ListNode, dot tmplValue, vars []tmplVar) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		vars = w.node(tr, n, dot, vars)
	}
}

// node walks n and returns the variables in scope after it.
func (w *readsWalker) node(tr *parse.Tree, n parse.Node, dot tmplValue, vars []tmplVar) []tmplVar {
	switch n := n.(type) {
	case *parse.ActionNode:
		var v tmplValue
		v, vars = w.pipe(tr, n.Pipe, dot, vars)
		if len(n.Pipe.Decl) == 0 && v.mayLeadToPage() {
			w.found(tr, n, "printing "+n.Pipe.String())
		}
	case *parse.IfNode:
		w.branch(tr, &n.BranchNode, dot, vars)
	case *parse.WithNode:
		w.branch(tr, &n.BranchNode, dot, vars)
	case *parse.RangeNode:
		w.branch(tr, &n.BranchNode, dot, vars)
	case *parse.TemplateNode:
		arg := tmplValue{t: reflect.TypeFor[*int](), safe: true} // nil data
		if n.Pipe != nil {
			arg, _ = w.pipe(tr, n.Pipe, dot, vars)
		}
		w.template(n.Name, arg)
	case *parse.ListNode:
		w.list(tr, n, dot, vars)
	}
	return vars
}

// branch walks an if, with or range.
func (w *readsWalker) branch(tr *parse.Tree, b *parse.BranchNode, dot tmplValue, vars []tmplVar) {
	v, inner := w.pipe(tr, b.Pipe, dot, vars)
	body := dot
	switch b.NodeType {
	case parse.NodeWith:
		body = v
	case parse.NodeRange:
		key, elem := rangeValues(v)
		body = elem
		if d := len(b.Pipe.Decl); d > 0 && !b.Pipe.IsAssign {
			inner[len(inner)-1].v = elem.join(w.widenedOf(inner[len(inner)-1].decl, elem))
			if d == 2 {
				inner[len(inner)-2].v = key
			}
		}
	}
	w.list(tr, b.List, body, inner)
	w.list(tr, b.ElseList, dot, inner)
}

func (w *readsWalker) widenedOf(decl *parse.VariableNode, v tmplValue) tmplValue {
	if u, ok := w.widened[decl]; ok {
		return u
	}
	return v
}

// pipe walks p and returns its value and the variables in scope after
// it, with those it declares.
func (w *readsWalker) pipe(tr *parse.Tree, p *parse.PipeNode, dot tmplValue, vars []tmplVar) (tmplValue, []tmplVar) {
	if p == nil {
		return tmplValue{}, vars
	}
	var v tmplValue
	for i, c := range p.Cmds {
		var final *tmplValue
		if i > 0 {
			prev := v
			final = &prev
		}
		v = w.command(tr, c, dot, vars, final)
	}
	for _, d := range p.Decl {
		if !p.IsAssign {
			vars = append(vars, tmplVar{name: d.Ident[0], decl: d, v: v.join(w.widenedOf(d, v))})
			continue
		}
		for i := len(vars) - 1; i >= 0; i-- {
			if vars[i].name != d.Ident[0] {
				continue
			}
			if j := vars[i].v.join(v); j != vars[i].v {
				vars[i].v = j
				if vars[i].decl != nil {
					w.widened[vars[i].decl] = j
					w.changed = true
				}
			}
			break
		}
	}
	return v, vars
}

// command walks c, whose last argument is final when it follows another
// command in a pipeline, and returns its value.
func (w *readsWalker) command(tr *parse.Tree, c *parse.CommandNode, dot tmplValue, vars []tmplVar, final *tmplValue) tmplValue {
	var args []tmplValue
	for _, a := range c.Args[1:] {
		args = append(args, w.operand(tr, a, dot, vars, nil))
	}
	if final != nil {
		args = append(args, *final)
	}
	return w.operand(tr, c.Args[0], dot, vars, args)
}

// operand returns the value of n, called with args when it is a function
// or a method.
func (w *readsWalker) operand(tr *parse.Tree, n parse.Node, dot tmplValue, vars []tmplVar, args []tmplValue) tmplValue {
	switch n := n.(type) {
	case *parse.FieldNode:
		return w.fields(tr, n, dot, n.Ident, args)
	case *parse.ChainNode:
		return w.fields(tr, n, w.operand(tr, n.Node, dot, vars, nil), n.Field, args)
	case *parse.VariableNode:
		v := tmplValue{}
		for i := len(vars) - 1; i >= 0; i-- {
			if vars[i].name == n.Ident[0] {
				v = vars[i].v
				break
			}
		}
		return w.fields(tr, n, v, n.Ident[1:], args)
	case *parse.IdentifierNode:
		return w.call(tr, n, n.Ident, args)
	case *parse.PipeNode:
		v, _ := w.pipe(tr, n, dot, vars)
		return v
	case *parse.DotNode:
		return dot
	}
	return tmplValue{t: reflect.TypeFor[string](), safe: true} // a constant
}

// fields returns the value of the fields or methods names of recv, the
// last called with args.
func (w *readsWalker) fields(tr *parse.Tree, n parse.Node, recv tmplValue, names []string, args []tmplValue) tmplValue {
	for i, name := range names {
		var a []tmplValue
		if i == len(names)-1 {
			a = args
		}
		recv = w.field(tr, n, recv, name, a)
	}
	return recv
}

var (
	pageType     = reflect.TypeFor[Page]()
	viewType     = reflect.TypeFor[View]()
	siteViewType = reflect.TypeFor[SiteView]()
)

// field returns the value of recv's field or method name, called with
// args.
func (w *readsWalker) field(tr *parse.Tree, n parse.Node, recv tmplValue, name string, args []tmplValue) tmplValue {
	base := deref(recv.t)
	if pageBodyFields[name] && !recv.safe && (base == nil || base == pageType) {
		w.found(tr, n, "."+name+" of a page other than the one rendered")
	}
	if name == "Built" && (base == nil || base == siteViewType) {
		w.res.showsDay = true
	}
	if name == "Provenance" {
		w.res.showsFetch = true
	}
	var out reflect.Type
	method := false
	if recv.t != nil && recv.t.Kind() != reflect.Interface {
		m, ok := recv.t.MethodByName(name)
		if !ok && recv.t.Kind() != reflect.Pointer {
			m, ok = reflect.PointerTo(recv.t).MethodByName(name)
		}
		switch {
		case ok:
			method = true
			if m.Type.NumOut() > 0 {
				out = m.Type.Out(0)
			}
		case base == viewType && name == "Data" && w.data != nil:
			out = w.data
		case base.Kind() == reflect.Struct:
			if f, ok := base.FieldByName(name); ok {
				out = f.Type
			}
		case base.Kind() == reflect.Map:
			out = base.Elem()
		}
	}
	// No method of this package reads a page's body but Page's own
	// (TestOnlyPagesReadTheirBodies): another's may, given a page.
	if method && base.PkgPath() != pageType.PkgPath() || recv.t == nil || recv.t.Kind() == reflect.Interface {
		for _, a := range args {
			if a.mayLeadToPage() {
				w.found(tr, n, "another page handed to ."+name)
			}
		}
	}
	safe := recv.safe
	switch {
	case base == viewType:
		// The shape holds a section's intro whole.
		safe = safe && (name == "Page" || name == "Intro" || out != nil && !carriesPages(out))
	case base == pageType && frontMatterFields[name]:
		safe = true
	case out != nil && out.Kind() != reflect.Interface:
		safe = safe && !carriesPages(out)
	}
	if out == nil || out.Kind() == reflect.Interface {
		out = nil
	}
	return tmplValue{t: out, safe: safe}
}

// call returns the value of the function name called with args.
func (w *readsWalker) call(tr *parse.Tree, n parse.Node, name string, args []tmplValue) tmplValue {
	if !blindFuncs[name] {
		for _, a := range args {
			if a.mayLeadToPage() {
				w.found(tr, n, "another page handed to "+name)
			}
		}
	}
	switch name {
	case "index":
		if len(args) == 0 {
			return tmplValue{}
		}
		v := args[0]
		for range args[1:] {
			_, v = rangeValues(v)
		}
		return v
	case "slice":
		if len(args) == 0 {
			return tmplValue{}
		}
		return args[0]
	case "and", "or":
		if len(args) == 0 {
			return tmplValue{}
		}
		v := args[0]
		for _, a := range args[1:] {
			v = v.join(a)
		}
		return v
	}
	if f, ok := w.funcs[name]; ok {
		if ft := reflect.TypeOf(f); ft.Kind() == reflect.Func && ft.NumOut() > 0 {
			out := ft.Out(0)
			safe := !carriesPages(out)
			if out.Kind() == reflect.Interface {
				out = nil
			}
			return tmplValue{t: out, safe: safe}
		}
		return tmplValue{}
	}
	if name == "call" {
		return tmplValue{}
	}
	// text/template's other functions, and html/template's escapers,
	// give text or a truth.
	return tmplValue{t: reflect.TypeFor[string](), safe: true}
}

// rangeValues returns the values of the keys and elements of ranging over
// (or indexing) v.
func rangeValues(v tmplValue) (key, elem tmplValue) {
	t := v.t
	if t != nil && t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Array {
		t = t.Elem()
	}
	intT := reflect.TypeFor[int]()
	unknown := tmplValue{safe: v.safe} // what a safe value holds is safe
	switch {
	case t == nil:
		return unknown, unknown
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		return tmplValue{t: intT, safe: true}, elemValue(t.Elem(), v.safe)
	case t.Kind() == reflect.Map:
		return elemValue(t.Key(), v.safe), elemValue(t.Elem(), v.safe)
	case t.Kind() == reflect.Chan:
		return elemValue(t.Elem(), v.safe), elemValue(t.Elem(), v.safe)
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uintptr:
		return tmplValue{t: intT, safe: true}, tmplValue{t: intT, safe: true}
	case t.Kind() == reflect.String:
		return tmplValue{t: intT, safe: true}, tmplValue{t: reflect.TypeFor[uint8](), safe: true}
	}
	return unknown, unknown
}

// elemValue is an element of type t of a value that is safe or not.
func elemValue(t reflect.Type, safe bool) tmplValue {
	safe = safe || !carriesPages(t)
	if t.Kind() == reflect.Interface {
		t = nil
	}
	return tmplValue{t: t, safe: safe}
}

func deref(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// carriesPages reports whether a value of type t may be or lead to a
// Page: t is Page, holds one (through pointers, slices, arrays, maps,
// channels and exported fields), or is an interface or a function.
// Types of intkb's other packages never do: they cannot name Page, and
// the build puts none in their interfaces.
func carriesPages(t reflect.Type) bool {
	if v, ok := carries.Load(t); ok {
		return v.(bool)
	}
	v := carriesPagesWalk(t, map[reflect.Type]bool{})
	carries.Store(t, v)
	return v
}

var carries sync.Map // reflect.Type to bool

func carriesPagesWalk(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	if pkg := t.PkgPath(); strings.HasPrefix(pkg, "intkb/") && pkg != pageType.PkgPath() {
		return false
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		return carriesPagesWalk(t.Elem(), seen)
	case reflect.Map:
		return carriesPagesWalk(t.Key(), seen) || carriesPagesWalk(t.Elem(), seen)
	case reflect.Interface, reflect.Func:
		return true
	case reflect.Struct:
		if t == pageType {
			return true
		}
		for _, f := range reflect.VisibleFields(t) {
			if f.IsExported() && carriesPagesWalk(f.Type, seen) {
				return true
			}
		}
	}
	return false
}
