// After the consumer project's build (the invoker plugin's post-build hook): the dependency tree an application
// gets, as maven-dependency-plugin printed it, is the one the README and docs/client.md show.
def tree = new File(basedir, 'target/dependency-tree.txt').readLines().drop(1).join('\n')
def root = new File(basedir, '../../../..').canonicalFile
['README.md', 'docs/client.md'].each { page ->
    def text = new File(root, page).text
    assert text.contains(tree): "${page} does not show the dependency tree an application gets:\n${tree}"
}
return true
