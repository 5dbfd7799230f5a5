import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { EntityRecord as EntityRecordModel, SubgraphContext } from '@flow/kit';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 date and time in UTC */
  DateTime: { input: Date; output: Date; }
  _FieldSet: { input: any; output: any; }
};

export type CreateProcessorInput = {
  /** At most 1000 characters */
  description?: InputMaybe<Scalars['String']['input']>;
  /** SHA-256 hex digest, 64 characters */
  implementationHash?: InputMaybe<Scalars['String']['input']>;
  inputSchemaId: Scalars['ID']['input'];
  /** 1..50 characters */
  name: Scalars['String']['input'];
  outputSchemaId: Scalars['ID']['input'];
  /** 1..50 characters */
  version: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  createProcessor: Processor;
  /** Refused with CONFLICT while anything refers to it */
  deleteProcessor: Scalars['ID']['output'];
  updateProcessor: Processor;
};


export type MutationCreateProcessorArgs = {
  input: CreateProcessorInput;
};


export type MutationDeleteProcessorArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUpdateProcessorArgs = {
  id: Scalars['ID']['input'];
  input: UpdateProcessorInput;
};

/** Forward pagination state of a connection */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Pass as `after` to read the next page */
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** A worker that executes steps, validating input and output against its schemas */
export type Processor = {
  __typename?: 'Processor';
  createdAt: Scalars['DateTime']['output'];
  createdBy: Scalars['String']['output'];
  description?: Maybe<Scalars['String']['output']>;
  /** Server-generated GUID */
  id: Scalars['ID']['output'];
  /** SHA-256 (hex) of the processor implementation registered for this version */
  implementationHash?: Maybe<Scalars['String']['output']>;
  inputSchema?: Maybe<Schema>;
  inputSchemaId: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  outputSchema?: Maybe<Schema>;
  outputSchemaId: Scalars['ID']['output'];
  updatedAt: Scalars['DateTime']['output'];
  updatedBy: Scalars['String']['output'];
  version: Scalars['String']['output'];
};

export type ProcessorConnection = {
  __typename?: 'ProcessorConnection';
  nodes: Array<Processor>;
  pageInfo: PageInfo;
  /** Rows matching the filter, across all pages */
  totalCount: Scalars['Int']['output'];
};

/** Every field given must match; reference filters match one id */
export type ProcessorFilter = {
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
  inputSchemaId?: InputMaybe<Scalars['ID']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  outputSchemaId?: InputMaybe<Scalars['ID']['input']>;
  version?: InputMaybe<Scalars['String']['input']>;
};

export type Query = {
  __typename?: 'Query';
  processor?: Maybe<Processor>;
  /** Looks up by composite key */
  processorByKey?: Maybe<Processor>;
  /** Ordered by creation; first is 1..100 (default 20) */
  processors: ProcessorConnection;
};


export type QueryProcessorArgs = {
  id: Scalars['ID']['input'];
};


export type QueryProcessorByKeyArgs = {
  name: Scalars['String']['input'];
  version: Scalars['String']['input'];
};


export type QueryProcessorsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ProcessorFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type Schema = {
  __typename?: 'Schema';
  id: Scalars['ID']['output'];
  /** Processors using this schema as input or output */
  processors: Array<Processor>;
};

/** A patch: only the fields given change; null clears an optional field */
export type UpdateProcessorInput = {
  description?: InputMaybe<Scalars['String']['input']>;
  implementationHash?: InputMaybe<Scalars['String']['input']>;
  inputSchemaId?: InputMaybe<Scalars['ID']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  outputSchemaId?: InputMaybe<Scalars['ID']['input']>;
  version?: InputMaybe<Scalars['String']['input']>;
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Processor: Processor;
  Schema: Schema;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Processor:
    ( { __typename: 'Processor' }
    & GraphQLRecursivePick<FederationTypes['Processor'], {"id":true}> );
  Schema:
    ( { __typename: 'Schema' }
    & GraphQLRecursivePick<FederationTypes['Schema'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  CreateProcessorInput: CreateProcessorInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Processor: ResolverTypeWrapper<EntityRecordModel>;
  ProcessorConnection: ResolverTypeWrapper<Omit<ProcessorConnection, 'nodes'> & { nodes: Array<ResolversTypes['Processor']> }>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ProcessorFilter: ProcessorFilter;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Schema: ResolverTypeWrapper<{ id: string }>;
  UpdateProcessorInput: UpdateProcessorInput;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  CreateProcessorInput: CreateProcessorInput;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  DateTime: Scalars['DateTime']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Processor: EntityRecordModel;
  ProcessorConnection: Omit<ProcessorConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['Processor']> };
  Int: Scalars['Int']['output'];
  ProcessorFilter: ProcessorFilter;
  Query: Record<PropertyKey, never>;
  Schema: { id: string };
  UpdateProcessorInput: UpdateProcessorInput;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MutationResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  createProcessor?: Resolver<ResolversTypes['Processor'], ParentType, ContextType, RequireFields<MutationCreateProcessorArgs, 'input'>>;
  deleteProcessor?: Resolver<ResolversTypes['ID'], ParentType, ContextType, RequireFields<MutationDeleteProcessorArgs, 'id'>>;
  updateProcessor?: Resolver<ResolversTypes['Processor'], ParentType, ContextType, RequireFields<MutationUpdateProcessorArgs, 'id' | 'input'>>;
}>;

export type PageInfoResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ProcessorResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Processor'] = ResolversParentTypes['Processor'], FederationReferenceType extends FederationReferenceTypes['Processor'] = FederationReferenceTypes['Processor']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Processor']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  implementationHash?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  inputSchema?: Resolver<Maybe<ResolversTypes['Schema']>, ParentType, ContextType>;
  inputSchemaId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  outputSchema?: Resolver<Maybe<ResolversTypes['Schema']>, ParentType, ContextType>;
  outputSchemaId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  updatedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ProcessorConnectionResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['ProcessorConnection'] = ResolversParentTypes['ProcessorConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['Processor']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  processor?: Resolver<Maybe<ResolversTypes['Processor']>, ParentType, ContextType, RequireFields<QueryProcessorArgs, 'id'>>;
  processorByKey?: Resolver<Maybe<ResolversTypes['Processor']>, ParentType, ContextType, RequireFields<QueryProcessorByKeyArgs, 'name' | 'version'>>;
  processors?: Resolver<ResolversTypes['ProcessorConnection'], ParentType, ContextType, RequireFields<QueryProcessorsArgs, 'first'>>;
}>;

export type SchemaResolvers<ContextType = SubgraphContext, ParentType extends ResolversParentTypes['Schema'] = ResolversParentTypes['Schema'], FederationReferenceType extends FederationReferenceTypes['Schema'] = FederationReferenceTypes['Schema']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Schema']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  processors?: Resolver<Array<ResolversTypes['Processor']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = SubgraphContext> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Processor?: ProcessorResolvers<ContextType>;
  ProcessorConnection?: ProcessorConnectionResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Schema?: SchemaResolvers<ContextType>;
}>;

