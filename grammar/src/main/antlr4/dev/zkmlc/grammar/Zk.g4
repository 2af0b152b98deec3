/*
 * The .zk model language. One file holds imports, function definitions and at most one model;
 * a library (std/nn.zk) is the same without the model. docs/language.md is the reference.
 */
grammar Zk;

program
    : importDecl* topDecl* EOF
    ;

// `import std.nn` or `import std.nn as layers`: the module's functions are callable as `dense(..)`
// and as `nn.dense(..)` (or `layers.dense(..)`).
importDecl
    : IMPORT qualifiedName (AS alias=ID)?
    ;

qualifiedName
    : ID ('.' ID)*
    ;

topDecl
    : functionDecl
    | modelDecl
    ;

// Functions are inlined at each call; parameters may have defaults (evaluated at the call).
functionDecl
    : FN name=ID '(' (fnParam (',' fnParam)* ','?)? ')' functionBody
    ;

fnParam
    : name=ID ('=' defaultValue=expr)?
    ;

functionBody
    : '{' letStmt* returnStmt '}'   # blockBody
    | '=' expr                      # exprBody
    ;

returnStmt
    : RETURN expr
    ;

modelDecl
    : MODEL name=ID '{' modelItem* '}'
    ;

modelItem
    : inputDecl
    | paramDecl
    | letStmt
    | outputDecl
    ;

inputDecl
    : INPUT name=ID ':' shape visibility?
    ;

// Weights come from a .npy file next to the model, or are written inline.
paramDecl
    : PARAM name=ID (':' shape)? FROM file=STRING visibility?    # paramFromFile
    | PARAM name=ID (':' shape)? '=' value=expr visibility?      # paramInline
    ;

letStmt
    : LET name=ID '=' expr
    ;

outputDecl
    : OUTPUT name=ID ('=' expr)? visibility?
    ;

shape
    : '[' (INT (',' INT)* ','?)? ']'
    ;

visibility
    : PUBLIC | PRIVATE | FIXED | HASHED
    ;

// Precedence, loosest first: + -, then * / // @, then unary minus, then indexing and calls.
expr
    : expr '[' index (',' index)* ']'             # indexExpr
    | '-' expr                                    # negExpr
    | expr op=('*' | '/' | '//' | '@') expr       # mulExpr
    | expr op=('+' | '-') expr                    # addExpr
    | primary                                     # primaryExpr
    ;

index
    : start=expr? ':' end=expr? (':' step=expr?)?  # rangeIndex
    | expr                                         # pointIndex
    ;

primary
    : callee=qualifiedName '(' (argument (',' argument)* ','?)? ')'   # call
    | ID                                                 # name
    | INT                                                # intLiteral
    | FLOAT                                              # floatLiteral
    | (TRUE | FALSE)                                     # boolLiteral
    | '[' (expr (',' expr)* ','?)? ']'                   # listLiteral
    | '(' expr ')'                                       # parens
    ;

argument
    : (name=ID '=')? expr
    ;

IMPORT  : 'import';
AS      : 'as';
FN      : 'fn';
RETURN  : 'return';
MODEL   : 'model';
INPUT   : 'input';
PARAM   : 'param';
FROM    : 'from';
LET     : 'let';
OUTPUT  : 'output';
PUBLIC  : 'public';
PRIVATE : 'private';
FIXED   : 'fixed';
HASHED  : 'hashed';
TRUE    : 'true';
FALSE   : 'false';

ID      : [a-zA-Z_] [a-zA-Z_0-9]*;
FLOAT   : DIGITS '.' DIGITS? EXPONENT? | '.' DIGITS EXPONENT? | DIGITS EXPONENT;
INT     : DIGITS;
STRING  : '"' (~["\\\r\n] | '\\' ["\\])* '"';

fragment DIGITS   : [0-9]+;
fragment EXPONENT : [eE] [+-]? DIGITS;

// Comments go to the hidden channel: the parser never sees them, the formatter counts them.
COMMENT    : '#' ~[\r\n]* -> channel(HIDDEN);
WS         : [ \t\r\n]+ -> skip;
// Anything else is one token, so the parser reports it with its position instead of the lexer.
ERROR_CHAR : .;
